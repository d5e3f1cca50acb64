#!/usr/bin/python3
"""Writes NPY and HDF5 fixtures with NumPy and h5py (Debian: python3-numpy, python3-h5py) and the values they hold.

Run from this folder: /usr/bin/python3 generate.py. The C# tests (tests/Agrupa.Tests/Data/PeerFixtureTests.cs)
read every file with Agrupa's readers and compare with expected.json.
"""
import json
import numpy as np
import h5py

rng = np.random.default_rng(7)
expected = {"npy": {}, "hdf5": {}}

base = rng.normal(size=(5, 3)) * 100
cases = {
    "f4_c": base.astype("<f4"),
    "f8_big": base.astype(">f8"),
    "f4_fortran": np.asfortranarray(base.astype("<f4")),
    "f2": base.astype("<f2"),
    "i1": rng.integers(-128, 127, size=(4, 2)).astype("i1"),
    "u1_images": rng.integers(0, 256, size=(3, 4, 5)).astype("u1"),
    "i2_big": rng.integers(-30000, 30000, size=(4, 3)).astype(">i2"),
    "i4": rng.integers(-(2**31), 2**31 - 1, size=(3, 2)).astype("<i4"),
    "i8_fortran": np.asfortranarray(rng.integers(-(2**40), 2**40, size=(3, 4)).astype("<i8")),
    "u8": rng.integers(0, 2**50, size=(2, 2)).astype("<u8"),
    "f4_4d": rng.normal(size=(2, 3, 2, 2)).astype("<f4"),
    "f8_1d": rng.normal(size=(6,)),
}
for name, array in cases.items():
    np.save(f"{name}.npy", array)
    expected["npy"][name] = {
        "shape": list(array.shape),
        "values": [float(v) for v in np.ascontiguousarray(array).astype(np.float32).ravel()],
    }
labels = np.array([3, 0, 2, 2, 1], dtype="<i8")
np.save("labels_i8.npy", labels)
expected["npy"]["labels_i8"] = {"shape": [5], "values": [float(v) for v in labels]}

data = rng.uniform(0, 1, size=(7, 16)).astype("<f8")
target = rng.integers(0, 10, size=7).astype("<i8")
with h5py.File("usps_like.h5", "w") as f:
    f.create_dataset("train/data", data=data)
    f.create_dataset("train/target", data=target)
    f.create_dataset("test/data", data=data[:2].astype("<f4"), chunks=(1, 16), compression="gzip")
    f.create_dataset("test/target", data=target[:2].astype("u1"))
    f.create_dataset("strings", data=np.array([b"a", b"b"]))
expected["hdf5"] = {
    "/train/data": {"shape": list(data.shape), "values": [float(v) for v in data.astype(np.float32).ravel()]},
    "/train/target": [int(v) for v in target],
    "/test/data": {"shape": [2, 16], "values": [float(v) for v in data[:2].astype(np.float32).ravel()]},
    "/test/target": [int(v) for v in target[:2]],
}
with open("expected.json", "w") as out:
    json.dump(expected, out, indent=1)
