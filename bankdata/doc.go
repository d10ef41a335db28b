// Package bankdata reads the call records of the "Anonymous Bank", the call
// center of an Israeli bank in 1999, and turns them into call segments
// ([sladesk.Call]).
//
// The data were published by the Service Enterprise Engineering (SEE)
// laboratory of the Technion, Israel (Avishai Mandelbaum, with Ilan Guedj),
// free for research and teaching with acknowledgement, and are analysed in
// L. Brown, N. Gans, A. Mandelbaum, A. Sakov, H. Shen, S. Zeltyn and L. Zhao,
// "Statistical analysis of a telephone call center: a queueing-science
// perspective", Journal of the American Statistical Association 100(469),
// 2005.
//
// # The layout
//
// One row per call, tab-separated, with a header line. Columns are found by
// their header name, so both published variants read the same way: the
// 17-column file (vru+line, call_id, customer_id, priority, type, date,
// vru_entry, vru_exit, vru_time, q_start, q_exit, q_time, outcome,
// ser_start, ser_exit, ser_time, server) and the full-year variant with a
// leading row number, a trailing day of the week and type values padded
// with a space (the header may call the first column vru.line, and may
// leave the row number without a name, as R's write.table does). Fields
// are trimmed of spaces and of one pair of surrounding double quotes; a
// header with no tab is read as comma-separated. Dates are YYMMDD,
// YYYYMMDD or YYYY-MM-DD; times are H:MM:SS of local time.
//
// # What becomes a call
//
// The project counts these rows one way everywhere (shared/data/README.md):
// a row is offered to the queue named by its type when it is not PHANTOM
// and it queued or was answered (AGENT). Read returns one [sladesk.Call]
// per offered row:
//
//	Queue      type, trimmed
//	ID         vru+line "/" call_id (call_id is unique per vru+line); ContactID = ID
//	Customer   customer_id as an opaque string; "" for 0, the unidentified caller
//	Arrived    q_start when the call queued, else vru_exit
//	Wait       q_time when it queued, else 0
//	Outcome    Answered for AGENT, Abandoned for HANG after queueing
//	Agent      server; "" for NO_SERVER
//	AnsweredAt ser_start (see "Two clocks" below)
//	Talk       ser_time
//	Ended      ser_exit when answered, q_exit when abandoned
//
// PHANTOM rows (virtual calls the publisher says to ignore) are returned too,
// with Outcome [sladesk.Ignored], so that they are counted rather than
// vanish. Rows that hung up in the voice menu (HANG without queueing) never
// reached a queue: Read skips them and counts them in [Counts].VRUOnly.
// The service fields of HANG and PHANTOM rows are checked for syntax only;
// a few HANG rows carry a service period, but the call counts as abandoned
// and no talk is recorded.
//
// # Midnight
//
// Each row has one date, the date of vru_entry, and times of day without a
// date. Every later time is put on the day that places it nearest to the
// time before it in the call's path (vru_entry, vru_exit, q_start, q_exit,
// ser_start, ser_exit), within 12 hours either way. So a time more than 12
// hours smaller than the one before it rolled over midnight and is moved to
// the next day, while a time a few seconds or minutes smaller is a
// difference between clocks and stays where it is: the real file has 23
// rows whose vru_exit is up to 75 s before their vru_entry (vru_time is
// negative there), and read naively they would leave the voice menu a day
// after entering it. The longest stage in the file, a service, lasts 62
// minutes, far from the 12 hours at which the rule would misplace a time.
//
// Times are wall-clock times of Config.Location. On the dates when the
// clock changes for summer time, the check that a period adds up (below)
// also accepts a period off by the hour the clock jumped, whose duration
// was measured in elapsed time; in the hour repeated in autumn a time is
// ambiguous and takes the offset time.Date gives it.
//
// # 0:00:00
//
// The file writes 0:00:00 for a time that does not apply (no queue, no
// service), which is also the time of a real midnight. vru_entry and
// vru_exit always apply, so there 0:00:00 is midnight. For the queue and
// service times the row itself says which it is:
//
//   - The call queued when q_time > 0 or q_start or q_exit is not 0:00:00.
//     Then both are real times, 0:00:00 included, and q_exit must equal
//     q_start + q_time (on a 24-hour clock; every queued row of the real
//     file does). A 0:00:00 that was really missing fails that check and
//     the row is rejected rather than guessed at. The real file has one
//     q_start at a real midnight: a call queued at 0:00:00 for 27 s,
//     after leaving the voice menu at 23:59:54.
//   - Likewise an AGENT row was served on record when ser_time > 0 or
//     ser_start or ser_exit is not 0:00:00, and then ser_exit must equal
//     ser_start + ser_time.
//   - An AGENT row with no service on record (all three zero: 42 rows of the
//     real file) is answered at Arrived + Wait with no talk time.
//
// A call that queued at exactly midnight and left the queue in the same
// second is written exactly like a call that never queued, and is read as
// one: for an AGENT row that changes nothing (arrival and wait are the
// same), a HANG row is counted as VRUOnly instead of as a 0-second abandon.
//
// # Two clocks
//
// The voice unit and queue times (vru_*, q_*) and the agent times (ser_*)
// come from different clocks: ser_start is usually a second or two before
// the q_exit or vru_exit it follows, and now and then minutes before. Arrived
// and Wait follow the queue clock and the project's definitions, and are
// never recomputed from the agent clock, so the service level does not
// depend on the skew. AnsweredAt is ser_start when that is not before
// Arrived; when it is, the agent clock is behind and the service period
// (AnsweredAt, Ended) is moved to begin at Arrived + Wait, keeping Talk =
// ser_time. A wait is therefore never negative and skew never rejects a row.
//
// # Rejections
//
// A row that contradicts itself or the layout (a missing or extra field, an
// unparseable date, time or number, a negative q_time, an unknown outcome,
// an empty type, a queue or service period that does not add up) is
// returned as a *[sladesk.RecordError] naming the line and the column, and
// reading goes on with the next row.
package bankdata
