#!/usr/bin/python3
"""PyTorch peer of `NeuralBench dense-step`: one batch-256 step of the dense autoencoder 784-500-500-2000-10 (and back),
split into forward, forward+backward and full Adam/SGD steps, random data. Usage: peer_step.py [threads]
Run with GLIBC_TUNABLES (malloc thresholds) and, for the tuned figure, LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp
(Debian's torch links the generic libblas.so.3; the pthread OpenBLAS it resolves to by default is much slower under torch's OpenMP).
"""
import torch, time, sys
from torch import nn
t = int(sys.argv[1]) if len(sys.argv) > 1 else 2
torch.set_num_threads(t)
torch.manual_seed(1)
def mlp(sizes, last_linear=True):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2: layers.append(nn.ReLU())
    return nn.Sequential(*layers)
net = nn.Sequential(mlp([784, 500, 500, 2000, 10]), mlp([10, 2000, 500, 500, 784]))
rows = torch.rand(4096, 784)
opt = torch.optim.Adam(net.parameters(), 0.001)
sgd = torch.optim.SGD(net.parameters(), 0.001, momentum=0.9)
def batch(): return rows[torch.randint(0, 4096, (256,))]
def timeit(name, f, reps=40):
    for _ in range(5): f(batch())
    t0 = time.time()
    for _ in range(reps): f(batch())
    ms = (time.time() - t0) / reps * 1000
    print(f"{name:32s} {ms:8.2f} ms/step {256000 / ms:6.0f} img/s epoch(70k) {ms * 274 / 1000:5.1f} s", flush=True)
with torch.no_grad(): timeit("forward no_grad", lambda x: net(x))
timeit("forward+backward", lambda x: nn.functional.mse_loss(net(x), x).backward())
def step(o):
    def f(x):
        o.zero_grad(); nn.functional.mse_loss(net(x), x).backward(); o.step()
    return f
timeit("full step (adam)", step(opt))
timeit("full step (sgd)", step(sgd))
print("torch", torch.__version__)
