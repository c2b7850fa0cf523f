"""Pure simulation core: numpy arrays in, numpy arrays out; no I/O, no clock, no pygame."""
