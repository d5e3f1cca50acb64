#!/usr/bin/python3
"""Probe: self-training on N2D's clusters (session 13: not adopted). A small CNN is trained from scratch on the
`keep` most confident rows of each cluster of an N2D model's consensus (confidence: the share of the model's draws
that agree with the consensus after Hungarian matching), with random 2-pixel shifts and horizontal flips, cross-entropy
with label smoothing 0.1, Adam with a one-cycle schedule; it then labels every row (mean softmax over the image and its
mirror), and the next round keeps its own most confident rows. Labels are used only to score. Needs Debian's
python3-torch and python3-sklearn; the model file needs several draws (`"draws": 16`).

  self-training-probe.py MODEL.agrupa [--keep 0.5] [--epochs 8] [--rounds 2] [--threads 1] [--seed 0]
"""
import argparse, os, sys, time
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F
from scipy.optimize import linear_sum_assignment

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
probe = __import__('contrastive-probe')
consensus = __import__('n2d-consensus')
from agrupa_model_file import read_agrupa


def consensus_and_agreement(parts, k):
    labels = consensus.consensus_of(parts, k, k); agree = np.zeros(len(labels))
    for p in parts:
        w = np.zeros((k, k)); np.add.at(w, (p, labels), 1); r, c = linear_sum_assignment(-w)
        mapping = np.empty(k, int); mapping[r] = c; agree += mapping[p] == labels
    return labels, agree / len(parts)


def network(k):
    def block(i, o): return nn.Sequential(nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU())
    return nn.Sequential(block(1, 32), block(32, 32), nn.MaxPool2d(2), block(32, 64), block(64, 64), nn.MaxPool2d(2),
                         block(64, 128), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, k))


def augment(xb, rng):
    padded = F.pad(xb, (2, 2, 2, 2)); ox, oy = rng.integers(0, 5, 2)
    out = padded[:, :, oy:oy + 28, ox:ox + 28]
    flip = torch.from_numpy(rng.random(len(xb)) < 0.5)
    return torch.where(flip[:, None, None, None], out.flip(3), out)


def main():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument('model'); a.add_argument('--keep', type=float, default=0.5); a.add_argument('--epochs', type=int, default=8)
    a.add_argument('--rounds', type=int, default=2); a.add_argument('--threads', type=int, default=1)
    a.add_argument('--seed', type=int, default=0)
    args = a.parse_args()
    torch.set_num_threads(args.threads); torch.manual_seed(args.seed); rng = np.random.default_rng(args.seed)
    x, y = probe.load(); xt = torch.from_numpy(x)
    parts = consensus.draw_labels(read_agrupa(args.model))
    if len(parts) < 2: sys.exit('self-training-probe.py: the model has one draw; fit it with "draws" of 2 or more')
    k = int(max(p.max() for p in parts)) + 1
    labels, confidence = consensus_and_agreement(parts, k)
    print(f'{len(parts)} draws; consensus {consensus.fmt(consensus.score(y, labels))}', flush=True)
    for r in range(args.rounds):
        kept = np.concatenate([ids[np.argsort(-confidence[ids], kind='stable')][:max(1, int(args.keep * len(ids)))]
                               for ids in (np.where(labels == j)[0] for j in range(k)) if len(ids)])
        print(f'round {r}: {len(kept)} rows kept, scoring {consensus.fmt(consensus.score(y[kept], labels[kept]))}', flush=True)
        net = network(k); opt = torch.optim.Adam(net.parameters(), 1e-3); steps = len(kept) // 256
        schedule = torch.optim.lr_scheduler.OneCycleLR(opt, 3e-3, total_steps=args.epochs * steps)
        target = torch.from_numpy(labels.astype(np.int64)); start = time.time()
        for epoch in range(args.epochs):
            net.train(); order = rng.permutation(kept); total = 0.0
            for b in range(steps):
                ib = torch.from_numpy(order[b * 256:(b + 1) * 256])
                loss = F.cross_entropy(net(augment(xt[ib], rng)), target[ib], label_smoothing=0.1)
                opt.zero_grad(); loss.backward(); opt.step(); schedule.step(); total += loss.item()
            print(f'  epoch {epoch + 1}: loss {total / steps:.4f} ({time.time() - start:.0f} s)', flush=True)
        net.eval()
        with torch.no_grad():
            p = torch.cat([F.softmax(net(xt[b:b + 1000]), 1) + F.softmax(net(xt[b:b + 1000].flip(3)), 1)
                           for b in range(0, len(x), 1000)]).numpy() / 2
        labels, confidence = p.argmax(1), p.max(1)
        print(f'round {r}: the CNN\'s labels {consensus.fmt(consensus.score(y, labels))}', flush=True)


if __name__ == '__main__':
    main()
