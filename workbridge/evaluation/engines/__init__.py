"""Pure evaluation algorithms (no Django): AHP weights, index scoring, readiness, incentive carry-forward, ledger."""
