// Saves files the page made (a trained or taught model) to the visitor's computer.

/** Offers files {name, type, data} for download, one link click each. */
export function download(files) {
  for (const file of files) {
    const url = URL.createObjectURL(new Blob([file.data], { type: file.type }));
    const link = Object.assign(document.createElement('a'), { href: url, download: file.name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
