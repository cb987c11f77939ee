#!/usr/bin/env bash
# A one-node Slurm cluster on 127.0.0.1 for test/cluster (Debian's slurm-wlm + munge, no systemd):
#   scripts/slurm-local.sh check            why it cannot run here (one line, exit 1), or nothing (exit 0)
#   scripts/slurm-local.sh install          as root: apt-get update, install slurm-wlm and munge if missing
#   scripts/slurm-local.sh start DIR        write slurm.conf and cgroup.conf into DIR, start munged,
#                                           slurmctld and slurmd (pids in DIR/*.pid), wait for the node
#   scripts/slurm-local.sh stop DIR         stop the daemons started in DIR, by pid
# Use the cluster with SLURM_CONF=DIR/slurm.conf (sbatch, squeue, scancel, scontrol).
# SLURM_LOCAL_PROCTRACK=proctrack/linuxproc (or pgid) at start: another process tracker, for comparison.
# ProctrackType=proctrack/cgroup (cgroup v1 or v2, whichever this host mounts): scancel stops a
# task's whole process tree, the node process and its worker threads included. DIR must be empty
# or new; nothing outside DIR is written but /run/munge, /run/slurm and, when absent,
# /etc/munge/munge.key (what munged and the slurm tools read by default).
set -euo pipefail

PACKAGES=(slurm-wlm munge)
DAEMONS=(slurmd slurmctld munged) # stop order

why_not() {
  [ "$(uname -s)" = Linux ] || { echo "not Linux"; return; }
  [ "$(id -u)" = 0 ] || { echo "not root (the daemons and /run/munge, /run/slurm need root)"; return; }
  command -v apt-get >/dev/null || { echo "no apt-get to install slurm-wlm and munge (not Debian)"; return; }
}

installed() { command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null && command -v munged >/dev/null; }

cmd_install() {
  installed && return 0
  # Another apt-get may hold the dpkg lock: wait for it rather than fail.
  local wait=(-o DPkg::Lock::Timeout=600)
  apt-get "${wait[@]}" update -q
  # No service may start during the install (no systemd here; we start the daemons ourselves).
  local made_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; made_policy=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get "${wait[@]}" install -y -q --no-install-recommends "${PACKAGES[@]}"
  [ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d
  installed
}

cgroup_plugin() {
  # cgroup v2 when /sys/fs/cgroup is the unified hierarchy, else v1 (freezer and memory controllers).
  if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then echo cgroup/v2; else echo cgroup/v1; fi
}

cmd_start() {
  local dir=$1
  mkdir -p "$dir"/state "$dir"/spool
  dir=$(cd "$dir" && pwd)
  local cpus mem_mb
  cpus=$(nproc)
  mem_mb=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
  cat > "$dir/slurm.conf" <<EOF
ClusterName=solhtest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=6817
SlurmdPort=6818
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
# No mail program is installed: without this, every job end logs an error.
MailProg=/bin/true
# A cancelled task's whole process tree is stopped (proctrack/linuxproc lets the node process escape).
ProctrackType=${SLURM_LOCAL_PROCTRACK:-proctrack/cgroup}
TaskPlugin=task/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SchedulerType=sched/backfill
MinJobAge=300
KillWait=5
InactiveLimit=0
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
# The host's name is not localhost: slurmd is started with -N localhost, reached on 127.0.0.1.
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
  cat > "$dir/cgroup.conf" <<EOF
CgroupPlugin=$(cgroup_plugin)
CgroupMountpoint=/sys/fs/cgroup
ConstrainCores=no
ConstrainRAMSpace=no
EOF
  export SLURM_CONF=$dir/slurm.conf

  # munge: its key, and its socket folder owned by the munge user.
  install -d -o munge -g munge -m 0755 /run/munge
  install -d -o root -g root -m 0755 /run/slurm
  if [ ! -s /etc/munge/munge.key ]; then
    install -d -o munge -g munge -m 0700 /etc/munge
    dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
    chown munge:munge /etc/munge/munge.key; chmod 0400 /etc/munge/munge.key
  fi
  runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/munged.pid
  for _ in $(seq 50); do [ -s /run/munge/munged.pid ] && break; sleep 0.1; done
  cp /run/munge/munged.pid "$dir/munged.pid"
  munge -n | unmunge >/dev/null || { echo "munge does not work" >&2; return 1; }

  slurmctld -f "$dir/slurm.conf"
  slurmd -f "$dir/slurm.conf" -N localhost
  # The node must register and be idle before a job can start.
  for _ in $(seq 150); do
    state=$(sinfo -h -N -n localhost -o %T 2>/dev/null || true)
    [ "$state" = idle ] && { echo "slurm up in $dir: node localhost $state"; return 0; }
    sleep 0.2
  done
  echo "the node did not come up (state: ${state:-none}); logs in $dir" >&2
  tail -n 20 "$dir"/slurmctld.log "$dir"/slurmd.log >&2 || true
  return 1
}

cmd_stop() {
  local dir=$1 pid
  # Jobs first (their slurmstepd and node processes outlive slurmd), while the controller still runs.
  if [ -s "$dir/slurmctld.pid" ] && kill -0 "$(cat "$dir/slurmctld.pid")" 2>/dev/null; then
    export SLURM_CONF=$dir/slurm.conf
    jobs=$(squeue -h -o %A 2>/dev/null | sort -u || true)
    if [ -n "$jobs" ]; then
      # shellcheck disable=SC2086
      scancel $jobs 2>/dev/null || true
      for _ in $(seq 100); do [ -z "$(squeue -h -o %A 2>/dev/null)" ] && break; sleep 0.1; done
    fi
  fi
  for d in "${DAEMONS[@]}"; do
    [ -s "$dir/$d.pid" ] || continue
    pid=$(cat "$dir/$d.pid")
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    rm -f "$dir/$d.pid"
  done
  return 0
}

case "${1:-}" in
  check) r=$(why_not); [ -z "$r" ] || { echo "$r"; exit 1; } ;;
  install) r=$(why_not); [ -z "$r" ] || { echo "cannot install Slurm: $r" >&2; exit 1; }; cmd_install ;;
  start) [ -n "${2:-}" ] || { echo "usage: $0 start DIR" >&2; exit 2; }; cmd_start "$2" ;;
  stop) [ -n "${2:-}" ] || { echo "usage: $0 stop DIR" >&2; exit 2; }; cmd_stop "$2" ;;
  *) echo "usage: $0 check|install|start DIR|stop DIR" >&2; exit 2 ;;
esac
