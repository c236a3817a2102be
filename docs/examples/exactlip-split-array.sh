#!/bin/bash
#SBATCH --job-name=exactlip-split
#SBATCH --array=1-8
#SBATCH --cpus-per-task=2
#SBATCH --time=24:00:00
#SBATCH --requeue
#SBATCH --signal=B:TERM@120
#SBATCH --output=exactlip-split-%A_%a.log
# One instance cut into 8 parts, one part per array task. Make the job file once, before
# submitting:
#   exactlip split nets/mnist-net_256x2.onnx --vnnlib props/prop_0_0.03.vnnlib \
#       --c 0,0,0,-1,0,0,0,0,1,0 --parts 8 --jobs split/prop0.jsonl --instance prop0
# Each task keeps its part's checkpoint beside its database: a requeued or resubmitted task
# (node failure, preemption, SIGTERM two minutes before the wall-clock limit) resumes its
# part's search where it stopped. When the array has ended:
#   exactlip report split/results/part-*.db --merge-splits --json prop0.json
set -euo pipefail
mkdir -p split/results
exec exactlip batch split/prop0.jsonl \
  --results "split/results/part-${SLURM_ARRAY_TASK_ID}.db" \
  --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}"
