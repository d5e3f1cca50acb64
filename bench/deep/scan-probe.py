#!/usr/bin/python3
"""Probe: SCAN (Van Gansbeke et al. 2020) on top of an Agrupa contrastive encoder, on all of Fashion-MNIST.
Step 2 of SCAN: the encoder and a cluster head are trained together on augmented anchors and augmented neighbours
(mined once from the encoder's features) with -log <p_anchor, p_neighbour> minus `entropy` times the entropy of the
mean assignment; step 3 (self-labelling): cross-entropy on augmented views of the rows whose prediction on the
plain image is above `threshold`. Labels are used only to score. Needs Debian's python3-torch and python3-sklearn.

  scan-probe.py MODEL.agrupa FEATURES.npy [--epochs E] [--self-epochs E] [--threads T] [--seed S] [--out DIR]
"""
import argparse, json, os, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
probe = __import__('contrastive-probe')
from agrupa_model_file import read_agrupa


def load_body(net, arrays):
    """Agrupa's names (network.body.blockK.conv/norm, features) onto the probe's nn.Sequential indices."""
    index = {'block1': '0', 'block2': '2', 'block3': '4', 'block4': '5', 'features': '8'}
    part = {'conv': '0', 'norm': '1'}
    state = {}
    for name, value in arrays.items():
        bits = name.split('.')
        if bits[1] != 'body':
            continue
        if bits[2] == 'features':
            key = f'body.8.{bits[3]}'
        else:
            key = f'body.{index[bits[2]]}.{part[bits[3]]}.{bits[4]}'
        t = torch.from_numpy(value.copy())
        state[key] = t.reshape(()) if bits[-1] == 'num_batches_tracked' else t
    missing = net.load_state_dict(state, strict=False)
    assert not [k for k in missing.missing_keys if k.startswith('body')], missing


class Clusterer(nn.Module):
    def __init__(self, net, k):
        super().__init__(); self.body = net.body; self.head = nn.Linear(net.body[8].out_features, k)

    def forward(self, x): return self.head(self.body(x))


@torch.no_grad()
def predict(model, x, batch=1000):
    model.eval(); out = torch.cat([F.softmax(model(torch.from_numpy(x[i:i + batch])), 1) for i in range(0, len(x), batch)]); model.train()
    return out


def report(tag, model, x, y, t0):
    p = predict(model, x)
    conf = p.max(1).values
    lab = p.argmax(1).numpy()
    a, m = probe.acc(y, lab), probe.nmi(y, lab)
    print(f'{tag}: ACC {a:.4f} NMI {m:.4f} ARI {probe.ari(y, lab):.4f} clusters {len(np.unique(lab))} '
          f'conf>.99 {(conf > .99).float().mean():.3f} ({time.time() - t0:.0f} s)', flush=True)
    return p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('model'); ap.add_argument('features')
    ap.add_argument('--epochs', type=int, default=5); ap.add_argument('--self-epochs', type=int, default=3)
    ap.add_argument('--threads', type=int, default=2); ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--entropy', type=float, default=5.0); ap.add_argument('--lr', type=float, default=1e-4)
    ap.add_argument('--batch', type=int, default=256); ap.add_argument('--threshold', type=float, default=0.99)
    ap.add_argument('--neighbours', type=int, default=20); ap.add_argument('--frozen', action='store_true')
    ap.add_argument('--eval-every', type=int, default=100); ap.add_argument('--out')
    a = ap.parse_args()
    torch.set_num_threads(a.threads); torch.manual_seed(a.seed)
    g = torch.Generator().manual_seed(a.seed); rng = np.random.default_rng(a.seed)
    x, y = probe.load(); n = len(x); t0 = time.time()
    f = np.load(a.features).astype(np.float32)
    nb = probe.neighbours(f, a.neighbours)
    print(f'{a.neighbours}-NN purity {(y[nb] == y[:, None]).mean():.4f} ({time.time() - t0:.0f} s)', flush=True)
    net = probe.Net(); load_body(net, read_agrupa(a.model))
    model = Clusterer(net, 10)
    params = model.head.parameters() if a.frozen else model.parameters()
    opt = torch.optim.Adam(params, a.lr, weight_decay=1e-4)
    xt = torch.from_numpy(x)
    step = 0
    for ep in range(a.epochs):
        perm = torch.randperm(n, generator=g); tc = te = 0.0; steps = 0
        for i in range(0, n - a.batch + 1, a.batch):
            b = perm[i:i + a.batch].numpy(); j = nb[b, rng.integers(0, nb.shape[1], len(b))]
            both = torch.cat([probe.augment(xt[b], g), probe.augment(xt[j], g)])
            logits = model(both)
            pa, pn = F.softmax(logits[:len(b)], 1), F.softmax(logits[len(b):], 1)
            cons = -torch.log((pa * pn).sum(1).clamp_min(1e-7)).mean()
            mean = pa.mean(0); neg_ent = (mean * torch.log(mean.clamp_min(1e-8))).sum()
            loss = cons + a.entropy * neg_ent
            opt.zero_grad(); loss.backward(); opt.step()
            tc += cons.item(); te += -neg_ent.item(); steps += 1; step += 1
            if step % a.eval_every == 0:
                print(f'  step {step}: consistency {tc / steps:.4f} entropy {te / steps:.4f}', flush=True)
        report(f'SCAN epoch {ep + 1} (consistency {tc / steps:.4f}, entropy {te / steps:.4f})', model, x, y, t0)
    # Self-labelling: confident rows' plain-image predictions are the targets of their augmented views.
    opt = torch.optim.Adam(model.parameters(), a.lr, weight_decay=1e-4)
    for ep in range(a.self_epochs):
        p = predict(model, x); conf, lab = p.max(1)
        keep = torch.nonzero(conf > a.threshold).squeeze(1)
        counts = torch.bincount(lab[keep], minlength=10).float()
        weight = (counts.sum() / counts.clamp_min(1)) / 10
        perm = keep[torch.randperm(len(keep), generator=g)]; total = 0.0; steps = 0
        for i in range(0, len(perm) - a.batch + 1, a.batch):
            b = perm[i:i + a.batch]
            loss = F.cross_entropy(model(probe.augment(xt[b], g)), lab[b], weight=weight)
            opt.zero_grad(); loss.backward(); opt.step(); total += loss.item(); steps += 1
        report(f'self-label epoch {ep + 1} ({len(keep)} confident rows, loss {total / max(steps, 1):.4f})', model, x, y, t0)
    if a.out:
        os.makedirs(a.out, exist_ok=True)
        p = predict(model, x); np.save(os.path.join(a.out, 'probabilities.npy'), p.numpy())
        torch.save(model.state_dict(), os.path.join(a.out, 'scan.pt'))


if __name__ == '__main__':
    main()
