// Package erlang holds the queueing mathematics used to staff a contact
// center: Erlang B (blocked calls are lost), Erlang C (blocked calls wait
// forever) and Erlang A (blocked calls wait until their patience runs out).
//
// All three models assume Poisson arrivals at rate λ calls per second and
// exponential handle times with mean AHT seconds (μ = 1/AHT), served by n
// identical agents. The offered load, or traffic, is A = λ·AHT Erlangs: the
// number of agents that would be busy if every call were answered at once.
// Every time (AHT, Patience, thresholds, ASA, waits) is in seconds.
//
//   - B gives the blocking probability of the loss system M/M/n/n.
//   - Queue is the M/M/n queue of Erlang C. It has no steady state when
//     Agents <= Traffic; its methods then return ErrOverloaded.
//   - AbandonQueue is the M/M/n+M queue of Erlang A: callers abandon after an
//     exponential patience with mean Patience seconds. It is stable at any
//     load, and tends to Erlang C as Patience grows.
//
// Every quantity is computed without factorials or powers, so that loads of
// 100,000 Erlangs and more return finite values: Erlang B by its recursion,
// the Erlang A sums from their largest term outward in log space.
//
// The package does no I/O and keeps no state; its functions are safe for
// concurrent use.
package erlang
