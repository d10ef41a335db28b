// Package staffing answers how many agents one interval needs, on top of the
// queueing models of package erlang.
//
// A Demand describes the interval: Calls offered in Interval seconds with a
// mean handle time AHT, and optionally the callers' mean Patience. Its
// workload is A = Calls·AHT/Interval Erlangs. Without Patience the interval
// is an Erlang C queue (callers wait forever); with it, an Erlang A queue
// (callers abandon after an exponential patience).
//
// Targets lists what the interval must achieve; every target set must be
// met. Required returns the fewest whole agents meeting them all, Forecast
// the figures for a given number of agents, and Need the unrounded
// requirement used to add the needs of several queues before rounding once.
//
// Scheduled and Productive convert between productive agents and the
// agents to schedule once Shrinkage (the share of paid time not spent
// handling calls) is taken out. Their rounding is exact: the shrinkage is
// taken as the decimal it was written as, so 21 agents at 30% shrinkage are
// 30 scheduled agents, not the 31 that 21/0.7 in float64 would give.
//
// SquareRootBeta, SquareRootAgents and AbandonBeta give the square-root
// staffing rule of Halfin & Whitt and of Garnett, Mandelbaum & Reiman, a
// closed-form estimate of the exact Erlang requirement.
//
// Plan staffs many queues over many intervals: each queue and interval by
// Required and Need, each interval both with every queue keeping its own
// agents (needs added, rounded once) and with every call pooled in one
// queue, and the whole plan in agent-hours, scheduled hours, FTE and hiring
// need. ReadVolumes reads its loads from a CSV forecast, rejecting bad rows
// with their line and column.
//
// All times are float64 seconds and all shares fractions of 1, but for the
// time.Time and time.Duration of a plan's intervals. The package keeps no
// state; its only I/O is ReadVolumes reading the io.Reader it is given.
package staffing
