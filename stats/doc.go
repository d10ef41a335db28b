// Package stats turns call segments into interval statistics: per queue and
// interval of local time, the counts, seconds and wait-time histograms of
// every outcome.
//
// Interval statistics are sums, so that roll-ups to days, months and
// vendors are pooled sums and never means of percentages, and the wait
// histograms let any threshold and any service-level definition be applied
// later without the raw calls. Calls are credited to the interval in which
// they arrived in the queue, because forecasts and staffing are built on
// arrivals.
package stats
