// Package simulate is a small, deterministic discrete-event simulation of
// inbound call queues. It emits sladesk.Call records, the record every
// reader produces, so that whatever works on real data (interval
// statistics, objectives, reports) works on simulated data: the project's
// example week comes from ExampleCenter, the benchmark's 10 million calls
// from Bulk.
//
// # The model
//
// Each queue is simulated on its own. A run covers Config.Days days of local
// time in Config.Location, cut into intervals of Config.Interval.
//
//   - Calls are offered by a non-homogeneous Poisson process: within an
//     interval the arrival rate is constant, the interval's expected calls
//     (QueueConfig.Offered, see Profile) over its length. No call arrives
//     after the last interval.
//   - Each arriving caller brings a talk time, a wrap time (after-call work)
//     and a patience (QueueConfig.Talk, Wrap, Patience), drawn from
//     exponential, lognormal or fixed distributions with given means, and a
//     customer key from a finite population, so some customers call again.
//   - The queue is first in, first out, served by the agents on shift: the
//     first n of a named roster when the staffing table says n for the
//     interval (QueueConfig.Agents, see Staffing). An agent takes one call
//     at a time and is busy for its talk and then its wrap; among idle
//     agents the one idle longest takes the next call. An agent going off
//     shift finishes the call in hand.
//   - A caller still waiting when its patience runs out abandons
//     (sladesk.Abandoned, or sladesk.ExitKey for a share who press a key);
//     one still waiting at the queue's timeout leaves with sladesk.Timeout;
//     when no agent is on shift, callers arriving or waiting leave with
//     sladesk.ExitEmpty. Short abandons arise by themselves from callers of
//     little patience.
//   - An answered call ends by the caller, the agent, or a transfer
//     (sladesk.Ending), in given shares.
//
// Waits and abandons therefore come out of an actual multi-agent queue, not
// drawn at random one by one: with a constant load, exponential talk and
// no wrap a queue is Erlang's M/M/c (Erlang C), with exponential patience
// M/M/c+M (Erlang A), and the tests check the simulation against both.
//
// # Output
//
// Calls come in order of arrival, across queues too, through a Simulator
// (a sladesk.CallReader) or Run's callback. Every answered call has its
// agent, answer time, talk, wrap and end; every unanswered call its wait
// until it left. In a first-in-first-out queue a call's fate depends only on
// the calls before it, so each call is settled when it arrives: a run holds
// no calls in memory, and its memory does not grow with the number of days.
//
// # Determinism
//
// Randomness comes only from math/rand/v2 PCG generators seeded with
// Config.Seed and each queue's name, two streams per queue: one for
// arrivals, one for what callers bring. Equal configurations give
// byte-for-byte equal calls; a queue's calls do not change when other
// queues are added; and runs that differ only in staffing see the same
// callers arrive, so their service levels can be compared call by call.
// Times are rounded to Config.Resolution (a second by default) only on
// output.
package simulate
