"""Pure analysis code owned by the labour-market Django layer (no Django import): file reading, the
curriculum coverage/gap engine and the early-warning rules. The text engines (salary, area, skills,
occupations) live in ``labour_market.engines``."""
