#!/usr/bin/python3
"""PyTorch peer for bench/neural: the same DCEC CAE / DEC dense autoencoder, batch 256, Adam, MSE, same threads.

Usage: /usr/bin/python3 peer.py cae|dense [--threads 2] [--epochs 2] [--rows N]
Prints "<task> epoch <e> <seconds> s loss <loss>" per epoch. Malloc tuning is set by the caller through GLIBC_TUNABLES.
"""
import gzip, sys, time
import numpy as np
import torch
from torch import nn

FOLDER = "/usr/share/datasets/fashion-mnist"


def idx(path, header):
    with gzip.open(path) as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=4 * header)


def load(count=None):
    x = np.concatenate([idx(f"{FOLDER}/train-images-idx3-ubyte.gz", 4), idx(f"{FOLDER}/t10k-images-idx3-ubyte.gz", 4)])
    x = (x.reshape(-1, 784).astype(np.float32) / 255.0)
    return torch.from_numpy(x[:count] if count else x)


def glorot(module):
    for m in module.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)


class Cae(nn.Module):
    """DCEC ConvAE for 28x28: 28 -> 14 -> 7 -> 3 (valid) and back, as Agrupa's ConvolutionalAutoencoder."""
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 32, 5, 2, 2), nn.ReLU(), nn.Conv2d(32, 64, 5, 2, 2), nn.ReLU(),
            nn.Conv2d(64, 128, 3, 2, 0), nn.ReLU(), nn.Flatten(), nn.Linear(1152, 10))
        self.decoder = nn.Sequential(
            nn.Linear(10, 1152), nn.ReLU(), nn.Unflatten(1, (128, 3, 3)),
            nn.ConvTranspose2d(128, 64, 3, 2, 0, 0), nn.ReLU(),
            nn.ConvTranspose2d(64, 32, 5, 2, 2, 1), nn.ReLU(),
            nn.ConvTranspose2d(32, 1, 5, 2, 2, 1))

    def forward(self, x):
        return self.decoder(self.encoder(x.view(-1, 1, 28, 28))).view(-1, 784)


def dense():
    sizes = [784, 500, 500, 2000, 10]
    def stack(s):
        layers = []
        for i in range(len(s) - 1):
            layers.append(nn.Linear(s[i], s[i + 1]))
            if i + 2 < len(s):
                layers.append(nn.ReLU())
        return nn.Sequential(*layers)
    return nn.Sequential(stack(sizes), stack(sizes[::-1]))


def main():
    task = sys.argv[1]
    args = sys.argv[2:]
    threads = int(args[args.index("--threads") + 1]) if "--threads" in args else 2
    epochs = int(args[args.index("--epochs") + 1]) if "--epochs" in args else 2
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    rows = int(args[args.index("--rows") + 1]) if "--rows" in args else (10_000 if task == "cae" else None)
    x = load(rows)
    model = Cae() if task == "cae" else dense()
    glorot(model)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    generator = torch.Generator().manual_seed(1)
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        order = torch.randperm(len(x), generator=generator)
        total = 0.0
        for i in range(0, len(x), 256):
            batch = x[order[i:i + 256]]
            optimizer.zero_grad()
            loss = nn.functional.mse_loss(model(batch), batch)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        print(f"{task} epoch {epoch} {time.perf_counter() - start:.2f} s loss {total / len(x):.5g}", flush=True)


if __name__ == "__main__":
    main()
