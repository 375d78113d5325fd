"""The shared core every package may import: constants by subject, paths, console, files, flags.

It imports nothing heavy (no TensorFlow, no Flask), so every command starts fast. The
data flows dataset → train → artifacts/ → export → web/public → web/dist → page, and
the packages import only what lies upstream of them, plus this one.
"""
