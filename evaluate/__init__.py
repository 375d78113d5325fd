"""The fixed evaluation sets of what visitors bring, and the command that scores the page
on them."""
