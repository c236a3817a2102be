#!/bin/bash
#SBATCH --job-name=exactlip
#SBATCH --array=1-16
#SBATCH --cpus-per-task=2
#SBATCH --time=24:00:00
#SBATCH --requeue
#SBATCH --signal=B:TERM@120
#SBATCH --output=exactlip-%A_%a.log
# Each array task runs one shard into its own database. A requeued or resubmitted task
# continues where it stopped; SIGTERM two minutes before the wall-clock limit records the
# running jobs as interrupted (exit 3, so resubmitting the array finishes them).
set -euo pipefail
mkdir -p results
exec exactlip batch study/jobs.jsonl \
  --results "results/shard-${SLURM_ARRAY_TASK_ID}.db" \
  --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}" \
  --parallel "${SLURM_CPUS_PER_TASK}" --time-limit 3600
