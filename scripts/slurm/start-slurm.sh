#!/usr/bin/env bash
# Starts a one-node SLURM cluster on this machine (Debian's slurm-wlm + munge), for tests that run real job
# arrays. Idempotent: installs the packages when missing, writes /etc/slurm/slurm.conf for this host, starts
# munged, slurmctld and slurmd, and waits until the node is idle. Needs root (as on CI here).
# Stop it with stop-slurm.sh beside this file. test/cluster/slurm-shards.sh uses it to run `passk eval --shard`
# as a real job array (docs/cluster.md); it is not needed to use passk on a cluster that already runs SLURM.
set -euo pipefail
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  apt-get update >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y slurm-wlm munge >/dev/null
fi
host=$(hostname -s)
cpus=$(nproc)
mkdir -p /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge /etc/slurm
chown munge:munge /run/munge
[ -s /etc/munge/munge.key ] || { dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 2>/dev/null; chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key; }
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=local
SlurmctldHost=$host
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmdSpoolDir=/var/spool/slurmd
StateSaveLocation=/var/spool/slurmctld
SlurmUser=root
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
JobAcctGatherType=jobacct_gather/none
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
# A daemon counts as running when its pid file names a live process that is not a zombie.
alive() { [ -f "$1" ] && case "$(ps -o stat= -p "$(cat "$1")" 2>/dev/null)" in ""|Z*) false ;; *) true ;; esac; }
alive /run/munge/munged.pid || { rm -f /run/munge/munge.socket.2*; su -s /bin/sh munge -c /usr/sbin/munged; }
alive /run/slurmctld.pid || slurmctld -c   # -c: a clean start, ignoring state saved by an earlier test cluster
alive /run/slurmd.pid || slurmd
for _ in $(seq 1 30); do
  if sinfo -h -o '%T' 2>/dev/null | grep -q idle; then echo "slurm: node $host idle ($cpus CPUs)"; exit 0; fi
  sleep 1
done
echo "slurm: node did not become idle; see /var/log/slurm/" >&2
exit 1
