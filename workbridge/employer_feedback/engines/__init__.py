"""Pure algorithms of employer feedback (no Django): ``rollup`` turns ratings into figures per major, capability
and course, decides which figures may be shown and which capabilities fall below the review threshold."""
