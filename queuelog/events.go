package queuelog

import "github.com/sladesk/sladesk"

// role says what an event means for the segments the Reader builds.
type role uint8

const (
	// roleInfo lines say nothing about a queue visit; they are counted.
	roleInfo role = iota
	// roleRestart is QUEUESTART: Asterisk started, every call in flight
	// was lost.
	roleRestart
	// roleEnter opens a segment.
	roleEnter
	// roleConnect answers a segment.
	roleConnect
	// roleComplete ends an answered segment.
	roleComplete
	// roleExit ends an unanswered segment.
	roleExit
	// roleAgent changes an agent's availability.
	roleAgent
)

// event describes one queue_log event name.
type event struct {
	role role

	// ending is how a roleComplete event ends the segment.
	ending sladesk.Ending
	// skip is the number of data fields before holdtime|calltime in a
	// roleComplete event.
	skip int
	// fromEnd says that holdtime|calltime|origposition are the last three
	// data fields, because the fields before them vary (ATTENDEDTRANSFER).
	fromEnd bool
	// byAgent says that the event may be logged under another callid than
	// the segment it ends, and is then matched by queue and agent.
	byAgent bool

	// outcome is how a roleExit event ends the segment.
	outcome sladesk.Outcome
	// waitAt is the index of waittime among the data fields of a roleExit
	// event; older Asterisk versions leave it out.
	waitAt int

	// kind is the agent event a roleAgent event becomes.
	kind sladesk.AgentEventKind
}

// events maps the event names Asterisk writes to their meaning. The data
// layouts are those of apps/app_queue.c (Asterisk 13 to 22) and of the
// older doc/queuelog.txt; the comment on each entry gives the layout.
var events = map[string]event{
	// ENTERQUEUE|url|callerid[|position[|calleridname]]: queue_exec. The
	// position (Asterisk 1.8+) and the caller name (log_caller_id_name)
	// are not used.
	"ENTERQUEUE": {role: roleEnter},

	// CONNECT|holdtime|bridgedchanneluniqueid[|ringtime]: try_calling.
	"CONNECT": {role: roleConnect},

	// COMPLETECALLER|holdtime|calltime|origposition and COMPLETEAGENT:
	// log_complete.
	"COMPLETECALLER": {role: roleComplete, ending: sladesk.EndedByCaller},
	"COMPLETEAGENT":  {role: roleComplete, ending: sladesk.EndedByAgent},
	// TRANSFER|extension|context|holdtime|calltime[|origposition]: Asterisk
	// 1.4 to 11.
	"TRANSFER": {role: roleComplete, ending: sladesk.EndedByTransfer, skip: 2},
	// BLINDTRANSFER|extension|context|holdtime|calltime|origposition:
	// handle_blind_transfer, Asterisk 12+.
	"BLINDTRANSFER": {role: roleComplete, ending: sladesk.EndedByTransfer, skip: 2},
	// ATTENDEDTRANSFER|BRIDGE|bridgeid|..., APP|app|..., or
	// LINK|chan1|chan2|..., each followed by holdtime|calltime|origposition:
	// log_attended_transfer. It may be logged under the consultation
	// channel's callid (see the package doc).
	"ATTENDEDTRANSFER": {role: roleComplete, ending: sladesk.EndedByTransfer,
		fromEnd: true, byAgent: true},

	// ABANDON|position|origposition|waittime: queue_exec and try_calling.
	"ABANDON": {role: roleExit, outcome: sladesk.Abandoned, waitAt: 2},
	// EXITWITHTIMEOUT|position[|origposition|waittime]: queue_exec; 1.4
	// wrote the position only.
	"EXITWITHTIMEOUT": {role: roleExit, outcome: sladesk.Timeout, waitAt: 2},
	// EXITEMPTY|position|origposition|waittime: queue_exec, wait_our_turn.
	"EXITEMPTY": {role: roleExit, outcome: sladesk.ExitEmpty, waitAt: 2},
	// EXITWITHKEY|key|position[|origposition|waittime]: queue_exec.
	"EXITWITHKEY": {role: roleExit, outcome: sladesk.ExitKey, waitAt: 3},
	// WITHDRAW|position|origposition|waittime|withdrawinfo: the AMI action
	// QueueWithdrawCaller (added in 2022) takes the caller out of the
	// queue to send it elsewhere: a flow-out, not an abandon.
	"WITHDRAW": {role: roleExit, outcome: sladesk.Transferred, waitAt: 2},

	// Agent availability. The data is kept as the event's Reason:
	// ADDMEMBER|PAUSED or empty; PAUSE|reason; UNPAUSE|reason;
	// PAUSEALL|reason and UNPAUSEALL|reason (queue NONE: every queue);
	// AGENTLOGIN|channel; AGENTLOGOFF|channel|logintime;
	// AGENTCALLBACKLOGIN|exten@context and
	// AGENTCALLBACKLOGOFF|exten@context|logintime|reason (chan_agent,
	// removed in Asterisk 12); RINGNOANSWER|ringtime in milliseconds (rna).
	"ADDMEMBER":           {role: roleAgent, kind: sladesk.AgentAdded},
	"REMOVEMEMBER":        {role: roleAgent, kind: sladesk.AgentRemoved},
	"PAUSE":               {role: roleAgent, kind: sladesk.AgentPaused},
	"PAUSEALL":            {role: roleAgent, kind: sladesk.AgentPaused},
	"UNPAUSE":             {role: roleAgent, kind: sladesk.AgentUnpaused},
	"UNPAUSEALL":          {role: roleAgent, kind: sladesk.AgentUnpaused},
	"AGENTLOGIN":          {role: roleAgent, kind: sladesk.AgentAdded},
	"AGENTCALLBACKLOGIN":  {role: roleAgent, kind: sladesk.AgentAdded},
	"AGENTLOGOFF":         {role: roleAgent, kind: sladesk.AgentRemoved},
	"AGENTCALLBACKLOGOFF": {role: roleAgent, kind: sladesk.AgentRemoved},
	"RINGNOANSWER":        {role: roleAgent, kind: sladesk.AgentRingNoAnswer},

	// QUEUESTART is written once when Asterisk starts
	// (main/logger.c, logger_queue_start): calls still open were cut off.
	"QUEUESTART": {role: roleRestart},

	// Lines that say nothing about how a queue visit went.
	// CONFIGRELOAD: logger reload. AGENTDUMP: the agent hung up during the
	// announcement; the caller keeps waiting. SYSCOMPAT: the channels could
	// not be bridged; queue_exec then writes ABANDON. RINGCANCELED: the
	// caller hung up while a member rang (ASTERISK-26665); the ABANDON
	// follows. RINGINUSE and
	// PENALTY: member settings. OUTCALL: the QueueUpdate application's
	// outbound call, not a queue visit.
	"CONFIGRELOAD": {role: roleInfo},
	"AGENTDUMP":    {role: roleInfo},
	"SYSCOMPAT":    {role: roleInfo},
	"RINGCANCELED": {role: roleInfo},
	"RINGINUSE":    {role: roleInfo},
	"PENALTY":      {role: roleInfo},
	"OUTCALL":      {role: roleInfo},
	// Written from the dialplan with the QueueLog application by common
	// distributions and reporting tools (FreePBX's DID; INFO and
	// CALLSTATUS annotations), not by app_queue itself.
	"DID":        {role: roleInfo},
	"INFO":       {role: roleInfo},
	"CALLSTATUS": {role: roleInfo},
}
