"""Reading Agrupa model files from Python (docs/formats.md, 'Model files'), for the probes beside this file."""
import struct
import numpy as np


def read_agrupa(path):
    """The arrays of an Agrupa model file (docs/formats.md, 'Model files'), by name."""
    b = open(path, 'rb').read()[56:]
    h = struct.unpack('<I', b[:4])[0]; o = 4 + h
    n = struct.unpack('<I', b[o:o + 4])[0]; o += 4
    out = {}
    for _ in range(n):
        ln = struct.unpack('<H', b[o:o + 2])[0]; o += 2
        name = b[o:o + ln].decode(); o += ln
        t, r = b[o], b[o + 1]; o += 2
        dims = struct.unpack(f'<{r}q', b[o:o + 8 * r]); o += 8 * r
        dt = {1: np.float32, 2: np.int32, 3: np.uint8}[t]
        count = int(np.prod(dims)) if r else 1
        out[name] = np.frombuffer(b, dt, count, o).reshape(dims); o += count * np.dtype(dt).itemsize
    return out
