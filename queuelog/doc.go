// Package queuelog reads and writes Asterisk queue_log files.
//
// # The format
//
// Asterisk's app_queue writes one line per event to
// /var/log/asterisk/queue_log (main/logger.c, ast_queue_log):
//
//	time|callid|queue|agent|event|data1|data2|...
//
// time is a Unix time in whole seconds; callid is the caller channel's
// uniqueid; agent is the member name or NONE; the data fields depend on the
// event; the table of events in this package's source gives each layout
// and the app_queue.c function that writes it. Logs exported from a realtime database carry a local date
// ("2024-02-20 14:00:00.123456") instead of the Unix time; Config.Location
// says which zone that date is in.
//
// # From lines to calls
//
// A [Reader] turns the lines of one caller's visit to one queue into one
// [sladesk.Call]: ENTERQUEUE opens the segment; CONNECT answers it;
// COMPLETECALLER, COMPLETEAGENT or a transfer ends an answered segment;
// ABANDON, EXITWITHTIMEOUT, EXITEMPTY, EXITWITHKEY or WITHDRAW ends an
// unanswered one. The wait, talk and hold figures are Asterisk's own, taken
// from the data fields, so that the reports agree with the PBX.
//
// Segments are returned when they end, so the order of calls is the order
// of their last lines, not of their arrival. Only the calls in flight are
// kept in memory, with a count of each recent callid's visits to each queue
// (for an hour of log time, so that a call sent back into a queue gets a
// new segment ID), so a log of any length is read in constant memory.
//
// # Attended transfers
//
// When an agent makes an attended transfer into a second queue, Asterisk
// writes the second queue's ENTERQUEUE and the ATTENDEDTRANSFER line under
// the consultation channel's callid, but the CONNECT and the completion in
// the second queue under the original caller's callid. The Reader links
// them: an ATTENDEDTRANSFER whose callid has no answered segment in its
// queue ends the segment that the same agent answered in that queue, and
// the consultation callid becomes an alias of that customer contact. Every
// segment of an alias then shares the contact's ContactID and Customer, and
// a line whose callid has no open segment in a queue is matched with an
// aliased callid's open segment there. An alias is forgotten when its
// contact has no open segment left.
//
// # Rejections
//
// Nothing is dropped or guessed silently. A line that cannot be read, or
// that contradicts its segment (a negative hold time, a CONNECT earlier than
// its ENTERQUEUE after a clock step, a completion without CONNECT), is
// returned as a *[sladesk.RecordError] naming the line and the field, and
// the segment it belongs to is rejected with it: its later lines are
// consumed and counted (see [Reader.Skipped]) rather than reported a second
// time. Events that say nothing about a queue visit (QUEUESTART,
// CONFIGRELOAD, ...) are consumed and counted; an event name the package
// does not know is rejected.
//
// A segment that cannot be completed from the log (the log ends, Asterisk
// restarts, or no line comes for Config.StaleAfter) is returned as a
// RecordError whose Reason starts with "incomplete:" and whose Line is the
// segment's ENTERQUEUE line. It is never counted as abandoned: nobody knows
// whether the caller hung up. An answered segment without completion is
// reported the same way, not emitted with an unknown end, because its talk
// time is unknown and a half-known call would bias handle times; read
// rotated logs as one stream (io.MultiReader) so that calls crossing the
// rotation complete.
//
// # Writing
//
// A [Writer] writes calls back as the lines Asterisk would have written, in
// time order, so that the example-data generator and tests can produce
// queue_logs that this Reader (and other queue_log tools) can read.
package queuelog
