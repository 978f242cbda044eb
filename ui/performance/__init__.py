"""The Performance tab (``performance_tab``): the comparison, the monthly grid, hotspots,
data quality and the area tree. The rules are in ``cspdesk/performance``."""
