#!/usr/bin/env bash
# Trains a DSAC-T (or SAC) tracking policy with the recipe of models/dsact-recipe.md, in one stage, and resumes it
# exactly when it was stopped: run the same command again.
#   - K environment steps per gradient update (RECIPE_STEPS_PER_UPDATE below; measured in
#     models/dsact-recipe.md), batch 256, learning rates 1e-4 (alpha 3e-4), replay buffer 1e6,
#     10,000 uniform random warm-up steps, gamma 0.99, tau 0.005: the reference's values;
#   - mirror augmentation: half of each batch reflected left-right (--mirror-fraction 0.5);
#   - CAPS temporal smoothness of the deployed action (--caps-weight 2.0; runs started before the warm
#     start was added used 1.0);
#   - 5-step targets for the critics (--n-step 5; runs started before it was added used 1: add --n-step 1
#     to start one of those again);
#   - a warm start from the behaviour-cloned policy (models/tracking-bc.onnx): imitation alone for the
#     50,000 steps after the warm-up, then fading linearly to zero at step 1,000,000 (--teacher,
#     --bc-weight 1, --bc-only-steps 50000, --bc-decay-steps 940000); pure reinforcement learning after;
#   - checkpoints (networks, optimizers, temperature, replay buffer, every RNG state, the episode in
#     progress, step counters) every 100,000 steps as RUN_DIR/checkpoint.pt, plus
#     checkpoint-STEP.pt without the replay data for choosing and exporting (dsact_tracking.py select);
#   - training.csv every 5,000 steps, a deterministic evaluation of 18 episodes every 50,000 steps,
#     learning_curve.png at the end.
# Usage (from anywhere):
#   policy-export/train-dsact-recipe.sh RUN_DIR [STEPS] [SEED] [ALGO] [EXTRA dsact.py train FLAGS...]
#   ALGO is dsact (default) or sac. EXTRA flags come after the recipe's and win, for the ablations:
#   --mirror-fraction 0 (no mirror), --caps-weight 0 (no smoothness), --env-steps-per-update 1, --n-step 1,
#   --teacher '' --bc-weight 0 (no warm start); --env-arg reward='"yield"' trains on the reward's yield variant,
#   --env-arg reward='"yield-steady"' on the yield variant that also charges the body's acceleration,
#   --env-arg max_speed_mps=0.52 narrows the speed action to 0..0.52 m/s,
#   --env-arg encounters='["none","crossing","step-in","waiting"]' adds the training-only waiting pedestrian,
#   --env-arg collision_margin_m=0.05 trains as if every pedestrian were 5 cm larger (scoring counts true contact).
# If RUN_DIR/checkpoint.pt (or final.pt) exists the run resumes from the newer (STEPS may be raised; the run's own
# EXTRA flags may be given again, ones that would change its recipe are refused). Runs under nice 19
# (POLICYRT_NICE), one torch thread.
# Long runs: setsid nohup policy-export/train-dsact-recipe.sh RUN_DIR ... > RUN_DIR.log 2>&1 < /dev/null &
# (its own session, so that closing the shell does not end it and its scheduling group can be lowered).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -lt 1 ]]; then
  sed -n '2,/^set -e/{/^set -e/!p}' "${BASH_SOURCE[0]}" >&2
  exit 2
fi
run=$1; steps=${2:-3000000}; seed=${3:-0}; algo=${4:-dsact}
shift $(( $# < 4 ? $# : 4 ))
python=${POLICYRT_PYTHON:-/usr/bin/python3}
RECIPE_STEPS_PER_UPDATE=10
RECIPE_N_STEP=5
RECIPE_CAPS_WEIGHT=2.0
# imitation ends at step 10,000 + 50,000 + 940,000 = 1,000,000 whatever the budget
warm_start=(--teacher "$here/models/tracking-bc.onnx" --bc-weight 1 --bc-only-steps 50000 --bc-decay-steps 940000)

logging=(--eval-every 50000 --eval-episodes 18 --log-every 5000 --checkpoint-every 100000 --keep-checkpoints
         --save-replay --threads 1)
# With autogroup scheduling (Linux's default for desktops and many VMs) nice only ranks processes
# within their session's group, and a run started with setsid gets a group of its own that
# competes at full weight: lower the group itself too, but only when the run has no terminal
# (started detached as below; never renice an interactive terminal's session).
nice_value=${POLICYRT_NICE:-19}
if [[ -w /proc/self/autogroup && $(ps -o tty= -p $$ | tr -d ' ') == "?" ]]; then
  echo "$nice_value" > /proc/self/autogroup 2>/dev/null || true
fi
# the newer of the periodic checkpoint and the end of a finished run
latest=$(ls -t "$run/checkpoint.pt" "$run/final.pt" 2>/dev/null | head -n 1 || true)
if [[ -n $latest ]]; then
  echo "resuming $latest to $steps steps"
  exec nice -n "$nice_value" "$python" "$here/python/dsact.py" train --resume "$latest" \
    --steps "$steps" "${logging[@]}" "$@"
fi
mkdir -p "$run"
exec nice -n "$nice_value" "$python" "$here/python/dsact.py" train --env tracking --algo "$algo" \
  --steps "$steps" --seed "$seed" --out "$run" --activation gelu-tanh \
  --env-steps-per-update "$RECIPE_STEPS_PER_UPDATE" --batch-size 256 --actor-lr 1e-4 --critic-lr 1e-4 \
  --alpha-lr 3e-4 --buffer-size 1000000 --warmup-steps 10000 --mirror-fraction 0.5 \
  --caps-weight "$RECIPE_CAPS_WEIGHT" --n-step "$RECIPE_N_STEP" "${warm_start[@]}" "${logging[@]}" "$@"
