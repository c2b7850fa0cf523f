"""Reports: pages and plots made from simulation results (thin shells, nothing imports them)."""
