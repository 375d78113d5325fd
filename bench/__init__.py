"""Benchmark: the page's TF.js against Keras, side by side in one run."""
