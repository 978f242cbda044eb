"""Performance: the area tree and measures, the monthly counts (typed or imported from
police.uk), reporting periods, the comparison with last year and its significance,
data-quality flags and hotspots. On screen: ``ui/performance``."""
