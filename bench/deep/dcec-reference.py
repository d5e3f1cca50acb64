#!/usr/bin/python3
"""DCEC's clustering stage as its reference code runs it (XifengGuo/DCEC `DCEC.py`, Keras), ported to PyTorch, from a
convolutional autoencoder Agrupa pretrained (`agrupa pretrain --arch conv`): an independent check of Agrupa's DCEC
stage (`agrupa fit --method dcec --preset paper --pretrained CAE`). Labels are used only to score.

The reference's steps: scikit-learn KMeans with n_init = 20 on the embedding; a clustering layer (Student-t, alpha 1)
initialised with its centres; a new Adam (Keras defaults: lr 0.001, eps 1e-7); loss gamma * KLD(P, Q) + MSE(x, x^)
(Keras 'kld' sums over clusters with both sides clipped to [1e-7, 1], 'mse' is the per-pixel mean); batches of 256 in
the data's order (the last one short, then back to the first); every 140 steps Q and the target P = Q^2 / f
(normalised) are recomputed on all rows and the run stops once fewer than tol = 0.1 % of the labels change
(not at step 0). Needs Debian's python3-torch and python3-sklearn. Session 15 (BENCHMARKS.md): from the 200-epoch CAE
of seed 0 it traces Agrupa's curve to within .003 ACC / .0011 NMI at every update (the two k-means starts differ by
that much). Not a speed benchmark: it is a straight port, several times slower than Agrupa's stage here.

  dcec-reference.py CAE.agrupa [--steps 20000] [--restarts 20] [--seed 0] [--threads 2] [--gamma 0.1]
"""
import argparse, os, sys, time
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F
from sklearn.cluster import KMeans

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
probe = __import__('contrastive-probe')
consensus = __import__('n2d-consensus')
from agrupa_model_file import read_agrupa


def plan(size, kernels):
    """Agrupa's ConvolutionGeometry.Plan: (padding, transposed padding, output padding, output size) per layer."""
    last_same = size % (1 << len(kernels)) == 0; out = []; current = size
    for i, k in enumerate(kernels):
        if i < len(kernels) - 1 or last_same:
            o = (current + 1) // 2; p = (max((o - 1) * 2 + k - current, 0) + 1) // 2
        else:
            o = (current - k) // 2 + 1; p = 0
        full = (o - 1) * 2 + k; tp = max(0, (full - current + 1) // 2)
        out.append((p, tp, current - (full - 2 * tp), o)); current = o
    return out


class Cae(nn.Module):
    """DCEC's CAE with the layer names of Agrupa's model file (network.encoder.N, network.decoder.N)."""

    def __init__(self, filters=(32, 64, 128), kernels=(5, 5, 3), size=28, embedding=10):
        super().__init__(); g = plan(size, kernels); side = g[-1][3]
        enc, ch = [], 1
        for f, k, (p, _, _, _) in zip(filters, kernels, g): enc += [nn.Conv2d(ch, f, k, 2, p), nn.ReLU()]; ch = f
        self.encoder = nn.Sequential(*enc, nn.Flatten(), nn.Linear(filters[-1] * side * side, embedding))
        dec = [nn.Linear(embedding, filters[-1] * side * side), nn.ReLU(), nn.Unflatten(1, (filters[-1], side, side))]
        for i in reversed(range(len(filters))):
            dec.append(nn.ConvTranspose2d(filters[i], 1 if i == 0 else filters[i - 1], kernels[i], 2, g[i][1], g[i][2]))
            if i > 0: dec.append(nn.ReLU())
        self.decoder = nn.Sequential(*dec)


def soft_assignment(z, centres):
    q = 1.0 / (1.0 + ((z[:, None, :] - centres[None]) ** 2).sum(2))
    return q / q.sum(1, keepdim=True)


def target(q):
    w = q ** 2 / q.sum(0)
    return w / w.sum(1, keepdims=True)


def main():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument('model'); a.add_argument('--steps', type=int, default=20000); a.add_argument('--restarts', type=int, default=20)
    a.add_argument('--seed', type=int, default=0); a.add_argument('--threads', type=int, default=2)
    a.add_argument('--gamma', type=float, default=0.1); a.add_argument('--interval', type=int, default=140)
    a.add_argument('--tol', type=float, default=0.001); a.add_argument('--batch', type=int, default=256)
    args = a.parse_args()
    torch.set_num_threads(args.threads); torch.manual_seed(args.seed)
    x, y = probe.load(); xt = torch.from_numpy(x); n = len(x)
    cae = Cae(); weights = read_agrupa(args.model)
    cae.load_state_dict({k[len('network.'):]: torch.from_numpy(v.copy()) for k, v in weights.items() if k.startswith('network.')})

    def embed():
        with torch.no_grad(): return torch.cat([cae.encoder(xt[b:b + 2000]) for b in range(0, n, 2000)])

    start = time.time()
    km = KMeans(10, n_init=args.restarts, random_state=args.seed).fit(embed().numpy())
    labels = km.labels_; print(f'k-means start (n_init {args.restarts}): {consensus.fmt(consensus.score(y, labels))}, inertia {km.inertia_:.1f}', flush=True)
    centres = nn.Parameter(torch.from_numpy(km.cluster_centers_.astype(np.float32)))
    opt = torch.optim.Adam(list(cae.parameters()) + [centres], 1e-3, eps=1e-7)
    last = labels.copy(); index = 0; p = None
    for step in range(args.steps):
        if step % args.interval == 0:
            with torch.no_grad(): q = soft_assignment(embed(), centres).numpy()
            p = torch.from_numpy(target(q).astype(np.float32)); labels = q.argmax(1)
            change = float((labels != last).mean()); last = labels.copy()
            print(f'step {step}: {consensus.fmt(consensus.score(y, labels))} label change {change:.5f} ({time.time() - start:.0f} s)', flush=True)
            if step > 0 and change < args.tol: print('tolerance reached'); break
        lo, hi = index * args.batch, min((index + 1) * args.batch, n)
        index = 0 if (index + 1) * args.batch > n else index + 1
        xb, pb = xt[lo:hi], p[lo:hi]
        z = cae.encoder(xb); qb = soft_assignment(z, centres)
        kld = (pb.clamp(1e-7, 1) * torch.log(pb.clamp(1e-7, 1) / qb.clamp(1e-7, 1))).sum(1).mean()
        loss = args.gamma * kld + F.mse_loss(cae.decoder(z), xb)
        opt.zero_grad(); loss.backward(); opt.step()
    with torch.no_grad(): labels = soft_assignment(embed(), centres).argmax(1).numpy()
    print(f'end after {step + 1} steps: {consensus.fmt(consensus.score(y, labels))} ({time.time() - start:.0f} s)', flush=True)


if __name__ == '__main__':
    main()
