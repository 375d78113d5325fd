"""Loads a model trained or taught in the page (its TF.js download) back into Keras."""
