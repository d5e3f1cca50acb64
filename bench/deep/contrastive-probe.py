#!/usr/bin/python3
"""Probe toward issue 7's ACC and NMI >= .70 on Fashion-MNIST: instance-contrastive learning (SimCLR, Chen et al. 2020)
with image augmentations, then clustering of the learned features (k-means; SCAN's neighbour-consistency head,
Van Gansbeke et al. 2020, on frozen features). Labels are used only to score. Needs Debian's python3-torch and
python3-sklearn.

  contrastive-probe.py [--subset N] [--epochs E] [--threads T] [--seed S] [--augment strong|mild] [--speed-only] [--out DIR]
  contrastive-probe.py --features DIR/features.npy [--subset N] [--seed S]     only the clustering steps, on saved features

Prints per-epoch loss and time, and every few epochs ACC/NMI/ARI of k-means on the features, the purity of the
20 nearest neighbours, and finally SCAN's head and N2D's manifold step (umap-learn 10-D, 20 neighbours, min_dist 0,
then a full-covariance Gaussian mixture; needs python3-umap-learn). Writes DIR/features.npy, DIR/net.pt (the network's weights) and DIR/labels.csv.
"""
import argparse, gzip, os, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.metrics import normalized_mutual_info_score as nmi, adjusted_rand_score as ari

D = '/usr/share/datasets/fashion-mnist/'


def idx(path, offset):
    return np.frombuffer(gzip.open(path).read(), np.uint8, offset=offset)


def load():
    x = np.concatenate([idx(D + 'train-images-idx3-ubyte.gz', 16), idx(D + 't10k-images-idx3-ubyte.gz', 16)])
    y = np.concatenate([idx(D + 'train-labels-idx1-ubyte.gz', 8), idx(D + 't10k-labels-idx1-ubyte.gz', 8)])
    return x.reshape(-1, 1, 28, 28).astype(np.float32) / 255, y.astype(int)


def acc(y, p):
    w = np.zeros((p.max() + 1, y.max() + 1)); np.add.at(w, (p, y), 1)
    r, c = linear_sum_assignment(-w); return w[r, c].sum() / len(y)


def score(tag, y, p):
    print(f'{tag}: ACC {acc(y, p):.4f} NMI {nmi(y, p):.4f} ARI {ari(y, p):.4f}', flush=True)
    return acc(y, p), nmi(y, p)


def augment_mild(x, g):
    """Class-preserving: shift up to 3 pixels, rotate up to 10 degrees, scale 0.9-1.1, horizontal flip; no crop, no erasing."""
    n = x.shape[0]
    angle = (torch.rand(n, generator=g) * 2 - 1) * np.pi / 18
    scale = torch.empty(n).uniform_(0.9, 1.1, generator=g)
    flip = torch.where(torch.rand(n, generator=g) < 0.5, -1.0, 1.0)
    shift = (torch.rand(n, 2, generator=g) * 2 - 1) * (3 / 14)
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0] = torch.cos(angle) / scale * flip; theta[:, 0, 1] = -torch.sin(angle) / scale
    theta[:, 1, 0] = torch.sin(angle) / scale * flip; theta[:, 1, 1] = torch.cos(angle) / scale
    theta[:, :, 2] = shift
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, align_corners=False)


def augment(x, g):
    """Random resized crop (area .5-1, aspect 3/4-4/3), horizontal flip, brightness/contrast jitter, random erasing."""
    n = x.shape[0]
    scale = torch.sqrt(torch.empty(n).uniform_(0.5, 1.0, generator=g))
    ratio = torch.exp(torch.empty(n).uniform_(np.log(3 / 4), np.log(4 / 3), generator=g))
    sx, sy = scale * torch.sqrt(ratio), scale / torch.sqrt(ratio)
    sx, sy = sx.clamp(max=1), sy.clamp(max=1)
    tx = (torch.rand(n, generator=g) * 2 - 1) * (1 - sx)
    ty = (torch.rand(n, generator=g) * 2 - 1) * (1 - sy)
    flip = torch.where(torch.rand(n, generator=g) < 0.5, -1.0, 1.0)
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0] = sx * flip; theta[:, 0, 2] = tx; theta[:, 1, 1] = sy; theta[:, 1, 2] = ty
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    out = F.grid_sample(x, grid, align_corners=False)
    b = torch.empty(n, 1, 1, 1).uniform_(-0.2, 0.2, generator=g)
    c = torch.empty(n, 1, 1, 1).uniform_(0.6, 1.4, generator=g)
    m = out.mean(dim=(2, 3), keepdim=True)
    out = ((out - m) * c + m + b).clamp(0, 1)
    erase = torch.rand(n, generator=g) < 0.5
    cx, cy = torch.randint(0, 28, (n,), generator=g), torch.randint(0, 28, (n,), generator=g)
    half = torch.randint(3, 8, (n,), generator=g)
    r = torch.arange(28)
    box = ((r[None, :] - cx[:, None]).abs() < half[:, None])[:, None, :] & ((r[None, :] - cy[:, None]).abs() < half[:, None])[:, :, None]
    out = torch.where((box & erase[:, None, None])[:, None], torch.zeros(()), out)
    return out


class Net(nn.Module):
    def __init__(self, width=32, feat=128, proj=64):
        super().__init__()
        def block(i, o): return nn.Sequential(nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU())
        self.body = nn.Sequential(block(1, width), nn.MaxPool2d(2), block(width, 2 * width), nn.MaxPool2d(2),
                                  block(2 * width, 4 * width), block(4 * width, 4 * width), nn.AdaptiveAvgPool2d(1),
                                  nn.Flatten(), nn.Linear(4 * width, feat))
        self.head = nn.Sequential(nn.ReLU(), nn.Linear(feat, feat), nn.ReLU(), nn.Linear(feat, proj))

    def forward(self, x): return self.body(x)


def nt_xent(z1, z2, t):
    z = F.normalize(torch.cat([z1, z2]), dim=1); n = z1.shape[0]
    s = z @ z.t() / t
    s.fill_diagonal_(-1e9)
    target = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return F.cross_entropy(s, target)


@torch.no_grad()
def features(net, x, batch=1000):
    net.eval(); out = [net(torch.from_numpy(x[i:i + batch])) for i in range(0, len(x), batch)]; net.train()
    return F.normalize(torch.cat(out), dim=1).numpy()


def neighbours(f, k=20, block=2000):
    ft = torch.from_numpy(f); out = []
    for i in range(0, len(f), block):
        out.append((ft[i:i + block] @ ft.t()).topk(k + 1, dim=1).indices[:, 1:])
    return torch.cat(out).numpy()


def evaluate(tag, f, y, seed):
    p = KMeans(10, n_init=10, random_state=seed).fit_predict(f)
    a, m = score(f'{tag} k-means', y, p)
    nb = neighbours(f)
    print(f'{tag} 20-NN purity {(y[nb] == y[:, None]).mean():.4f}', flush=True)
    return nb, p


def scan(f, nb, y, seed, epochs=30, entropy=5.0, heads=5):
    """SCAN's clustering step on frozen features: -log <p_i, p_j> over neighbours + entropy of the mean assignment;
    several heads, keep the one with the lowest loss (label-free, as in SCAN)."""
    torch.manual_seed(seed); rng = np.random.default_rng(seed); ft = torch.from_numpy(f); n = len(f); best = None
    for h in range(heads):
        head = nn.Sequential(nn.Linear(f.shape[1], 128), nn.ReLU(), nn.Linear(128, 10))
        opt = torch.optim.Adam(head.parameters(), 1e-3)
        for ep in range(epochs):
            perm = torch.randperm(n); total = 0.0
            for i in range(0, n, 512):
                b = perm[i:i + 512]; j = torch.from_numpy(nb[b.numpy(), rng.integers(0, nb.shape[1], len(b))])
                pa, pb = F.softmax(head(ft[b]), 1), F.softmax(head(ft[j]), 1)
                cons = -torch.log((pa * pb).sum(1).clamp_min(1e-8)).mean()
                mean = pa.mean(0); ent = (mean * torch.log(mean.clamp_min(1e-8))).sum()
                loss = cons + entropy * ent
                opt.zero_grad(); loss.backward(); opt.step(); total += loss.item() * len(b)
        with torch.no_grad(): p = head(ft).argmax(1).numpy()
        print(f'SCAN head {h}: loss {total / n:.4f} clusters {len(np.unique(p))}', end=' ', flush=True)
        score('', y, p)
        if best is None or total < best[0]: best = (total, p)
    score('SCAN (lowest-loss head)', y, best[1])
    return best[1]


def manifold(f, y, seed):
    """N2D's second and third steps on the features: UMAP to 10-D (20 neighbours, min_dist 0), full-covariance GMM."""
    import umap
    from sklearn.mixture import GaussianMixture
    z = umap.UMAP(n_components=10, n_neighbors=20, min_dist=0.0, random_state=seed).fit_transform(f)
    if os.environ.get('PROBE_SAVE_UMAP'):
        np.save(f'umap{seed}.npy', z)
    for s in range(int(os.environ.get('PROBE_GMM_DRAWS', '3'))):
        score(f'UMAP + GMM (random_state {s})', y, GaussianMixture(10, covariance_type='full', random_state=s).fit(z).predict(z))


def main():
    a = argparse.ArgumentParser()
    a.add_argument('--subset', type=int, default=0); a.add_argument('--epochs', type=int, default=20)
    a.add_argument('--threads', type=int, default=1); a.add_argument('--seed', type=int, default=0)
    a.add_argument('--batch', type=int, default=256); a.add_argument('--temperature', type=float, default=0.5)
    a.add_argument('--out', default='contrastive-probe'); a.add_argument('--eval-every', type=int, default=5)
    a.add_argument('--features'); a.add_argument('--augment', choices=['strong', 'mild'], default='strong')
    a.add_argument('--speed-only', action='store_true', help='train and print epoch times only (bench/deep/simclr-epoch.sh)')
    o = a.parse_args()
    torch.set_num_threads(o.threads); torch.manual_seed(o.seed); rng = np.random.default_rng(o.seed)
    g = torch.Generator().manual_seed(o.seed)
    x, y = load()
    if o.subset:
        keep = np.sort(rng.permutation(len(x))[:o.subset]); x, y = x[keep], y[keep]
    if o.features:
        f = np.load(o.features); nb, _ = evaluate('saved features', f, y, o.seed)
        scan(f, nb, y, o.seed); manifold(f, y, o.seed); return
    os.makedirs(o.out, exist_ok=True)
    net = Net(); opt = torch.optim.Adam(list(net.parameters()), 1e-3, weight_decay=1e-6)
    xt = torch.from_numpy(x); steps = len(x) // o.batch
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, o.epochs * steps)
    for ep in range(1, o.epochs + 1):
        t0 = time.time(); perm = torch.randperm(len(x), generator=g); total = 0.0
        for s in range(steps):
            b = xt[perm[s * o.batch:(s + 1) * o.batch]]
            aug = augment if o.augment == 'strong' else augment_mild
            loss = nt_xent(net.head(net(aug(b, g))), net.head(net(aug(b, g))), o.temperature)
            opt.zero_grad(); loss.backward(); opt.step(); sched.step(); total += loss.item()
        print(f'epoch {ep}/{o.epochs} loss {total / steps:.4f} {time.time() - t0:.1f} s', flush=True)
        if o.speed_only:
            continue
        if ep % o.eval_every == 0 or ep == o.epochs:
            f = features(net, x); nb, p = evaluate(f'epoch {ep}', f, y, o.seed)
            torch.save(net.state_dict(), os.path.join(o.out, 'net.pt')); np.save(os.path.join(o.out, 'features.npy'), f)
    if o.speed_only:
        return
    p = scan(f, nb, y, o.seed)
    np.savetxt(os.path.join(o.out, 'labels.csv'), p, fmt='%d', header='label', comments='')
    manifold(f, y, o.seed)


if __name__ == '__main__':
    main()
