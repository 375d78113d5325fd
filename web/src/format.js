// Formats numbers for the page's text without Intl: a page's first Intl call costs tens of
// milliseconds, and the first view shows a count.

/** Formats a whole number with commas between thousands, as 'en' does: 104234 → "104,234". */
export const grouped = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
