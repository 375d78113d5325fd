"""The page: its source (src/, static/), the exported files (public/), and the dev server."""
