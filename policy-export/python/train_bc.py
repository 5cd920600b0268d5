"""Behaviour cloning: fit an MLP actor to expert actions and export it as a PolicyRT policy.

Dataset: a CSV whose header is the raw observation feature names in spec order, then
``action_v`` and ``action_w`` (the expert's actions already normalized to [-1, 1]), and
optionally a column ``weight`` (per-row weight of the loss, >= 0).

What it does, in order:

1. holds out a seeded 10% of the rows for validation;
2. normalization from the training rows: shift = mean, scale = 1 / std (std floored at 1e-3),
   clip 5.0, so a feature fed to the network is clip((raw - shift) * scale, -5, 5);
3. trains obs -> 128 tanh -> 128 tanh -> 2 -> tanh with Adam on the (weighted) mean squared error,
   seeded (torch.manual_seed, numpy seed), a fixed number of epochs and batch size;
4. writes the training log CSV (epoch, train_loss, val_loss; both measured on the whole split at
   the end of each epoch) and a learning-curve PNG;
5. exports with export.export_actor: metadata spec, provenance (algorithm behaviour-cloning,
   training steps, dataset sha256, ...) and golden vectors.

Example (from the repository root):

    /usr/bin/python3 policy-export/python/train_bc.py --dataset D.csv \\
        --out policy-export/models/tracking-bc.onnx --epochs 30 --seed 0 \\
        --control-period 0.05 --robot-radius 0.3 --task tracking-obstacle-v1 \\
        --v-range 0.0,0.8 --w-range -1.5,1.5

Outputs next to --out unless given: <name>.training.csv, <name>.learning_curve.png and
<name>.golden.json.
"""

import argparse
import csv
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import export  # noqa: E402  (after the path set-up; exits with a message if torch/onnx are missing)
import numpy as np  # noqa: E402
import torch  # noqa: E402

ACTION_COLUMNS = ("action_v", "action_w")
WEIGHT_COLUMN = "weight"
STD_FLOOR = 1e-3


class DatasetError(ValueError):
    pass


def read_dataset(path):
    """Returns (feature names, raw observations float64 [N, n], actions [N, 2], weights [N])."""
    with open(path, newline="", encoding="utf-8") as f:
        header = [h.strip() for h in next(csv.reader(f))]
    for col in ACTION_COLUMNS:
        if col not in header:
            raise DatasetError("%s: the header has no '%s' column (header: %s)" % (path, col, ",".join(header)))
    if len(set(header)) != len(header):
        raise DatasetError("%s: the header names a column twice" % path)
    features = [h for h in header if h not in ACTION_COLUMNS and h != WEIGHT_COLUMN]
    if not features:
        raise DatasetError("%s: no feature columns before %s" % (path, ",".join(ACTION_COLUMNS)))
    if header[:len(features)] != features:
        raise DatasetError("%s: feature columns must come first, then %s (and %s)"
                           % (path, ",".join(ACTION_COLUMNS), WEIGHT_COLUMN))
    unknown = [f for f in features if f not in export.TRACKING_FEATURES]
    if unknown:
        raise DatasetError("%s: unknown feature column(s) %s; the runtime knows %s"
                           % (path, unknown, export.TRACKING_FEATURES))

    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64, ndmin=2)
    if data.shape[1] != len(header):
        raise DatasetError("%s: rows have %d values, the header names %d" % (path, data.shape[1], len(header)))
    bad = ~np.isfinite(data).all(axis=1)
    if bad.any():
        raise DatasetError("%s: data row %d has a non-finite value" % (path, int(np.argmax(bad)) + 1))
    obs = data[:, [header.index(f) for f in features]]
    act = data[:, [header.index(c) for c in ACTION_COLUMNS]]
    if np.abs(act).max() > 1.0 + 1e-6:
        row = int(np.argmax(np.abs(act).max(axis=1))) + 1
        raise DatasetError("%s: expert actions must be normalized to [-1, 1]; data row %d has %s"
                           % (path, row, act[row - 1].tolist()))
    act = np.clip(act, -1.0, 1.0)
    if WEIGHT_COLUMN in header:
        weight = data[:, header.index(WEIGHT_COLUMN)]
        if (weight < 0).any() or weight.sum() <= 0:
            raise DatasetError("%s: weights must be >= 0 with a positive sum" % path)
    else:
        weight = np.ones(len(data))
    return features, obs, act, weight


def normalization(obs_train):
    """float32 shift, scale, as written into the spec; the runtime computes with these values."""
    shift = obs_train.mean(axis=0).astype(np.float32)
    std = obs_train.std(axis=0)
    scale = (1.0 / np.maximum(std, STD_FLOOR)).astype(np.float32)
    return shift, scale


def normalize(obs, shift, scale, clip):
    return np.clip((obs.astype(np.float32) - shift) * scale, -clip, clip).astype(np.float32)


def weighted_mse(pred, target, weight):
    per_row = ((pred - target) ** 2).mean(dim=1)
    return (per_row * weight).sum() / weight.sum()


def evaluate(actor, x, y, w, batch=65536):
    total, wsum = 0.0, 0.0
    with torch.no_grad():
        for b in range(0, len(x), batch):
            per_row = ((actor(x[b:b + batch]) - y[b:b + batch]) ** 2).mean(dim=1)
            total += float((per_row * w[b:b + batch]).sum())
            wsum += float(w[b:b + batch].sum())
    return total / wsum


def parse_range(text, name):
    try:
        low, high = (float(v) for v in text.split(","))
    except ValueError:
        raise SystemExit("--%s must be LOW,HIGH (for example -1.5,1.5), got '%s'" % (name, text))
    if not low < high:
        raise SystemExit("--%s: low %r must be below high %r" % (name, low, high))
    return low, high


def join_range_values(argv):
    """Lets '--w-range -1.5,1.5' through: argparse would take '-1.5,1.5' for an option."""
    out, i = [], 0
    while i < len(argv):
        if argv[i] in ("--v-range", "--w-range") and i + 1 < len(argv):
            out.append(argv[i] + "=" + argv[i + 1])
            i += 2
        else:
            out.append(argv[i])
            i += 1
    return out


def plot_learning_curve(log, path, title):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    epochs = [r[0] for r in log]
    fig, ax = plt.subplots(figsize=(6, 4), dpi=100)
    ax.plot(epochs, [r[1] for r in log], label="train")
    ax.plot(epochs, [r[2] for r in log], label="validation")
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("weighted MSE (normalized actions)")
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main(argv=None):
    p = argparse.ArgumentParser(description="Behaviour cloning to a PolicyRT policy file.",
                                epilog="See the module docstring for the dataset format.")
    p.add_argument("--dataset", required=True, help="CSV: feature columns, action_v, action_w[, weight]")
    p.add_argument("--out", required=True, help="output .onnx")
    p.add_argument("--epochs", type=int, required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--lr", type=float, default=1e-3, help="Adam learning rate")
    p.add_argument("--hidden", default="128,128", help="hidden layer widths (tanh)")
    p.add_argument("--val-fraction", type=float, default=0.1)
    p.add_argument("--clip", type=float, default=5.0, help="normalized observation clip")
    p.add_argument("--control-period", type=float, required=True, help="control period the data was sampled at [s]")
    p.add_argument("--robot-radius", type=float, required=True, help="robot radius [m]")
    p.add_argument("--lookahead", type=float, default=0.8,
                   help="look-ahead distance of the lookahead_* features the data was recorded with [m]")
    p.add_argument("--task", required=True)
    p.add_argument("--v-range", required=True, help="v_mps LOW,HIGH that action -1,+1 map to [m/s]")
    p.add_argument("--w-range", required=True, help="w_radps LOW,HIGH that action -1,+1 map to [rad/s]")
    p.add_argument("--golden", help="folder for <name>.golden.json (default: next to --out)")
    p.add_argument("--log", help="training log CSV (default: <out>.training.csv)")
    p.add_argument("--plot", help="learning-curve PNG (default: <out>.learning_curve.png)")
    p.add_argument("--threads", type=int, default=1,
                   help="torch CPU threads (default 1: faster than 2 for this small MLP, see the README)")
    args = p.parse_args(join_range_values(sys.argv[1:] if argv is None else argv))
    v_low, v_high = parse_range(args.v_range, "v-range")
    w_low, w_high = parse_range(args.w_range, "w-range")
    if args.epochs < 1 or args.batch_size < 1 or not 0 < args.val_fraction < 1:
        raise SystemExit("--epochs and --batch-size must be >= 1, --val-fraction in (0, 1)")
    base = args.out[:-5] if args.out.endswith(".onnx") else args.out
    log_path = args.log or base + ".training.csv"
    plot_path = args.plot or base + ".learning_curve.png"
    golden_dir = args.golden or os.path.dirname(os.path.abspath(args.out))

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)

    try:
        features, obs, act, weight = read_dataset(args.dataset)
    except DatasetError as e:
        raise SystemExit(str(e))
    rows = len(obs)
    n_val = int(round(rows * args.val_fraction))
    if n_val < 1 or rows - n_val < 1:
        raise SystemExit("%s: %d rows are too few to hold out %.0f%% for validation"
                         % (args.dataset, rows, 100 * args.val_fraction))
    order = np.random.default_rng(args.seed).permutation(rows)
    val_idx, train_idx = order[:n_val], order[n_val:]
    shift, scale = normalization(obs[train_idx])

    def tensors(idx):
        return (torch.from_numpy(normalize(obs[idx], shift, scale, args.clip)),
                torch.from_numpy(act[idx].astype(np.float32)),
                torch.from_numpy(weight[idx].astype(np.float32)))

    x_train, y_train, w_train = tensors(train_idx)
    x_val, y_val, w_val = tensors(val_idx)

    hidden = tuple(int(h) for h in args.hidden.split(","))
    actor = export.MlpActor(len(features), 2, hidden=hidden)
    optimizer = torch.optim.Adam(actor.parameters(), lr=args.lr)
    generator = torch.Generator().manual_seed(args.seed)
    print("dataset %s: %d rows (%d train, %d validation), %d features; %d epochs of batch %d"
          % (args.dataset, rows, len(train_idx), n_val, len(features), args.epochs, args.batch_size))

    log, steps, started = [], 0, time.monotonic()
    for epoch in range(1, args.epochs + 1):
        actor.train()
        perm = torch.randperm(len(x_train), generator=generator)
        for b in range(0, len(perm), args.batch_size):
            idx = perm[b:b + args.batch_size]
            loss = weighted_mse(actor(x_train[idx]), y_train[idx], w_train[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            steps += 1
        actor.eval()
        train_loss = evaluate(actor, x_train, y_train, w_train)
        val_loss = evaluate(actor, x_val, y_val, w_val)
        log.append((epoch, train_loss, val_loss))
        print("epoch %3d  train_loss %.6g  val_loss %.6g  (%.1f s)"
              % (epoch, train_loss, val_loss, time.monotonic() - started), flush=True)

    os.makedirs(os.path.dirname(os.path.abspath(log_path)), exist_ok=True)
    with open(log_path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["epoch", "train_loss", "val_loss"])
        for epoch, train_loss, val_loss in log:
            writer.writerow([epoch, repr(train_loss), repr(val_loss)])
    plot_learning_curve(log, plot_path, "behaviour cloning: " + os.path.basename(args.out))

    spec = {
        "task": args.task,
        "features": features,
        "shift": shift.tolist(),
        "scale": scale.tolist(),
        "clip": args.clip,
        "action_names": ["v_mps", "w_radps"],
        "action_low": [v_low, w_low],
        "action_high": [v_high, w_high],
        "action_normalized": True,
        "control_period_s": args.control_period,
        "robot_radius_m": args.robot_radius,
        "lookahead_m": args.lookahead,
        "provenance": {
            "algorithm": "behaviour-cloning",
            "training_steps": steps,
            "epochs": args.epochs,
            "batch_size": args.batch_size,
            "learning_rate": args.lr,
            "hidden": args.hidden,
            "seed": args.seed,
            "dataset_sha256": export.file_sha256(args.dataset),
            "dataset_rows": rows,
            "validation_rows": n_val,
            "final_train_loss": "%.6g" % log[-1][1],
            "final_val_loss": "%.6g" % log[-1][2],
            "torch_version": torch.__version__,
        },
    }
    export.export_actor(actor, spec, args.out, golden_dir=golden_dir, seed=args.seed)
    print("wrote %s, %s, %s and the golden vectors in %s" % (args.out, log_path, plot_path, golden_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
