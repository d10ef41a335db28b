// Package csvcalls reads call records from CSV files of any layout through a
// column mapping, and reads and writes sladesk's own CSV layout.
//
// # Reading
//
// [NewReader] takes a [Mapping] from header names to the fields of
// [sladesk.Call]; [Reader.Read] returns one call segment per row. A row that
// cannot be read correctly is rejected with a *sladesk.RecordError naming
// the file, line, column and reason, and reading goes on. Nothing is
// guessed: a timestamp without an offset needs a time zone, a local time
// that the clocks skip is rejected, and one they repeat is rejected unless
// the mapping says which occurrence it means.
//
// The reader is built for files of millions of rows: lines come from a
// large buffer, a line without quotes is split in place, RFC 3339
// timestamps are parsed by hand, queue and agent names are interned, and
// the id, contact id and customer of a row share one string. Lines with
// quotes follow RFC 4180, including quoted fields that hold delimiters,
// doubled quotes and line breaks.
//
// # Sladesk's own layout
//
// [Writer] writes, and [NativeMapping] reads, the layout
//
//	call_id,contact_id,queue,arrived,answered,ended,outcome,agent,customer,wait_s,talk_s,hold_s,wrap_s
//
// with RFC 3339 timestamps carrying their offset, outcome names as
// sladesk prints them ("answered", "abandoned", ...), empty answered and
// agent cells for unanswered calls, and durations in seconds. [Detect]
// recognises it from the first bytes of a file.
//
// # Mapping files
//
// [LoadMapping] reads a mapping from YAML. Every key is optional except
// columns.arrival and one of columns.queue and fixed_queue; unknown keys are
// errors. For an Asterisk CDR export with one row per agent rung:
//
//	columns:            # header names in the file
//	  id: uniqueid      # required with merge
//	  contact_id:       # linkedid, say; empty: the id
//	  queue:            # or fixed_queue below
//	  arrival: start    # required
//	  answer: answer
//	  end: end
//	  outcome: disposition
//	  agent: dstchannel
//	  customer: src
//	  wait_seconds:     # durations in seconds; derived when absent
//	  talk_seconds: billsec
//	  hold_seconds:
//	  wrap_seconds:
//	fixed_queue: support
//	outcomes:           # cell value: sladesk outcome name
//	  ANSWERED: answered
//	  NO ANSWER: abandoned
//	  BUSY: abandoned
//	unanswered: abandoned        # rows without answer, when no outcome column
//	agent_pattern: '^(.+)-[0-9a-f]+$'   # PJSIP/202-00a2 -> PJSIP/202
//	time_layout: "2006-01-02 15:04:05"  # rfc3339 (default), unix, or a Go layout
//	time_zone: Europe/London            # for timestamps without an offset
//	ambiguous_time: reject              # or earlier, later
//	merge: true
//	merge_window: 1h
//	delimiter: ","
//
// # Merging rows of one call
//
// With Mapping.Merge, rows sharing an id are one call: it arrived at the
// earliest arrival of its rows; it is answered if any row was answered,
// with the agent and answer time of the earliest answer, and the talk,
// hold and wrap of the answered rows added up; it ended at the latest end.
// An unanswered call waited from its earliest arrival to the latest exit
// of its rows, and left with the outcome of the row that exited last. The
// queue, contact id and customer come from the earliest row, and Line is
// the line of the first row read. Unanswered rows that name an agent are
// reported to [Reader.AgentEvent] as ring-no-answer events.
//
// Merging keeps memory bounded instead of holding the whole file. The rows
// of one call lie near each other, though other calls' rows may come
// between them, so the reader keeps open groups and closes a group once the
// file has moved on (measured by the latest arrival read) more than the
// merge window past the group's last time, or at the end of the file. The
// trade-off: memory grows with the calls of one window, calls come out in
// the order they close rather than file order, and a row arriving after its
// call was closed is rejected ("arrives after its call was closed"), not
// made a second call; the window must cover how far apart the rows of one
// call lie in the file (a whole call for exports in hang-up order). Closed
// ids are remembered for one more window; a row later still would start a
// new call. If any row of a call is rejected, the call is rejected too
// rather than emitted without the row.
package csvcalls
