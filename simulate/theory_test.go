package simulate_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/simulate"
)

// erlangB returns Erlang's loss probability for c agents offered a Erlangs,
// by the recursion
//
//	B(0) = 1,  B(n) = a B(n-1) / (n + a B(n-1)),
//
// which stays within [0, 1] at every step, where the textbook form
// (a^c/c!) / sum_k a^k/k! overflows float64 for a few hundred agents.
func erlangB(c int, a float64) float64 {
	b := 1.0
	for n := 1; n <= c; n++ {
		b = a * b / (float64(n) + a*b)
	}
	return b
}

// erlangC returns the probability that a caller waits in M/M/c (Erlang C),
// from Erlang B:
//
//	C = c B / (c - a (1 - B)),  for a < c,
//
// and with it the share of calls answered within t and the mean wait (ASA)
// for a mean handle time aht:
//
//	P(wait <= t) = 1 - C exp(-(c - a) t / aht),  ASA = C aht / (c - a).
//
// Source: R. B. Cooper, Introduction to Queueing Theory, 2nd ed. (1981),
// chapter 3 (the M/M/s delay system, first-come first-served); checked
// below against ../shared/reference/erlang-cases.json.
func erlangC(c int, a float64, t, aht time.Duration) (pWait, sl float64, asa time.Duration) {
	if a >= float64(c) {
		panic(fmt.Sprintf("Erlang C is undefined for %v Erlangs on %d agents", a, c))
	}
	b := erlangB(c, a)
	pWait = float64(c) * b / (float64(c) - a*(1-b))
	spare := float64(c) - a
	sl = 1 - pWait*math.Exp(-spare*t.Seconds()/aht.Seconds())
	asa = time.Duration(pWait * float64(aht) / spare)
	return pWait, sl, asa
}

// TestErlangC checks the test's own formula against reference values
// computed at 50-digit precision (../shared/reference/erlang-cases.json,
// ids as named).
func TestErlangC(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id            string
		calls, period float64 // calls per period of seconds
		aht           time.Duration
		agents        int
		threshold     time.Duration
		pWait, sl     float64
		asa           float64 // seconds
	}{
		{"ec_cch_14", 100, 1800, 180 * time.Second, 14, 20 * time.Second,
			0.17413193359504983, 0.8883500191794669, 7.835937011777243},
		{"ec_cch_11", 100, 1800, 180 * time.Second, 11, 20 * time.Second,
			0.6821182046893324, 0.3896138117291534, 122.78127684407983},
		{"ec_large_5000ph", 5000, 3600, 300 * time.Second, 429, 20 * time.Second,
			0.43683111937370517, 0.8080328154423422, 10.62562182260364},
		{"ec_large_1666e_30min", 5000, 1800, 600 * time.Second, 1694, 30 * time.Second,
			0.392087483892723, 0.900035180267093, 8.606798426913432},
	}
	for _, tt := range tests {
		a := tt.calls * tt.aht.Seconds() / tt.period
		pWait, sl, asa := erlangC(tt.agents, a, tt.threshold, tt.aht)
		for _, v := range [][2]float64{{pWait, tt.pWait}, {sl, tt.sl}, {asa.Seconds(), tt.asa}} {
			if math.Abs(v[0]-v[1]) > 1e-9*v[1] {
				t.Errorf("%s: got %v, want %v", tt.id, v[0], v[1])
			}
		}
	}
}

// measures are what a run of one steady queue shows, pooled over the run
// and per batch of days. Two of them check Little's law: the occupancy is
// the mean number of busy agents, which the law makes the rate of answered
// calls times the AHT, over the agents; the mean wait of all callers is the
// mean number waiting over the arrival rate.
type measures struct {
	pWait       float64 // share of offered calls that waited at all
	sl          float64 // answered within T over offered
	asa         float64 // mean wait of answered calls, seconds
	meanWaitAll float64 // mean wait of every offered call, seconds
	pAbandon    float64 // abandoned over offered
	occupancy   float64 // busy agent time over staffed agent time
}

func (m *measures) fields() []float64 {
	return []float64{m.pWait, m.sl, m.asa, m.meanWaitAll, m.pAbandon, m.occupancy}
}

var measureNames = []string{"P(wait)", "service level", "ASA", "mean wait of all",
	"abandon rate", "occupancy"}

// tally sums the calls of one steady queue.
type tally struct {
	offered, waited, within, answered, abandoned int
	waitAnswered, waitAll, busy                  time.Duration
}

// add counts call c, for threshold t.
func (y *tally) add(c *sladesk.Call, t time.Duration) {
	y.offered++
	y.waitAll += c.Wait
	if c.Wait > 0 {
		y.waited++
	}
	switch c.Outcome {
	case sladesk.Answered:
		y.answered++
		y.waitAnswered += c.Wait
		y.busy += c.Handle()
		if c.Wait <= t {
			y.within++
		}
	case sladesk.Abandoned:
		y.abandoned++
	}
}

// measures returns the measures of the calls that arrived over span,
// served by agents agents.
func (y *tally) measures(agents int, span time.Duration) measures {
	n := float64(y.offered)
	return measures{
		pWait:       float64(y.waited) / n,
		sl:          float64(y.within) / n,
		asa:         y.waitAnswered.Seconds() / float64(y.answered),
		meanWaitAll: y.waitAll.Seconds() / n,
		pAbandon:    float64(y.abandoned) / n,
		occupancy:   y.busy.Seconds() / (float64(agents) * span.Seconds()),
	}
}

// batches is the number of batches a steady run is cut into. Waits in
// consecutive calls are correlated, so the spread of single calls says
// little about the error of a mean; the spread of means over batches long
// enough to be nearly independent does (the method of batch means). Near
// full occupancy congestion lasts long, and a run needs long batches, hence
// many days, for the batches to be independent: at 91% occupancy 5-day
// batches made the error of the ASA look half its size over 8 seeds,
// 15-day batches about right.
const batches = 20

// compareSteady runs a steady queue, of a multiple of batches days, and
// checks each measure against its predicted value. The tolerance is four
// standard errors estimated by batch means, so a correct simulation fails
// about once in 15,000 checks, and the seed is fixed, so it never flakes.
func compareSteady(t *testing.T, cfg simulate.Config, agents int, threshold time.Duration,
	want measures) {
	t.Helper()
	epoch := time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC) // Config's default
	batch := time.Duration(cfg.Days/batches) * 24 * time.Hour
	var all tally
	perBatch := make([]tally, batches)
	err := simulate.Run(cfg, func(c sladesk.Call) error {
		all.add(&c, threshold)
		perBatch[c.Arrived.Sub(epoch)/batch].add(&c, threshold)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	rows := make([][]float64, batches)
	for i := range perBatch {
		m := perBatch[i].measures(agents, batch)
		rows[i] = m.fields()
	}
	m := all.measures(agents, time.Duration(cfg.Days)*24*time.Hour)
	got, exp := m.fields(), want.fields()
	for k, name := range measureNames {
		se := stddev(rows, k) / math.Sqrt(float64(len(rows)))
		diff := math.Abs(got[k] - exp[k])
		if diff > 4*se && diff > 1e-12 {
			t.Errorf("%s: simulated %.4f, theory %.4f: off by %.1f standard errors of %.4f",
				name, got[k], exp[k], diff/se, se)
			continue
		}
		t.Logf("%s: simulated %.4f, theory %.4f (standard error %.4f)", name, got[k], exp[k], se)
	}
}

// stddev returns the sample standard deviation of column k.
func stddev(rows [][]float64, k int) float64 {
	mean := 0.0
	for _, r := range rows {
		mean += r[k]
	}
	mean /= float64(len(rows))
	ss := 0.0
	for _, r := range rows {
		ss += (r[k] - mean) * (r[k] - mean)
	}
	return math.Sqrt(ss / float64(len(rows)-1))
}

// TestMatchesErlangC runs M/M/c queues (Poisson arrivals, exponential talk,
// no wrap, callers who never give up) long enough to reach their steady
// state, and compares them with Erlang C.
func TestMatchesErlangC(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		perHour   float64
		aht       time.Duration
		agents    int
		threshold time.Duration
		days      int
	}{
		{"14 agents, 10 Erlangs", 200, 180 * time.Second, 14, 20 * time.Second, 100},
		{"28 agents, 22.9 Erlangs", 250, 330 * time.Second, 28, 30 * time.Second, 100},
		{"11 agents, 10 Erlangs: 91% busy", 200, 180 * time.Second, 11, 20 * time.Second, 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := tt.perHour * tt.aht.Hours()
			pWait, sl, asa := erlangC(tt.agents, a, tt.threshold, tt.aht)
			cfg := steady(tt.perHour, tt.agents, tt.aht, 0, tt.days)
			compareSteady(t, cfg, tt.agents, tt.threshold, measures{
				pWait: pWait, sl: sl, asa: asa.Seconds(), meanWaitAll: asa.Seconds(),
				pAbandon: 0, occupancy: a / float64(tt.agents),
			})
		})
	}
}

// TestMatchesErlangA runs M/M/c+M queues (exponential patience) and compares
// them with Erlang A reference values computed at 50-digit precision
// (../shared/reference/erlang-cases.json, ids as named). In "overloaded"
// there are fewer agents than Erlangs: the queue is stable only because
// callers give up.
func TestMatchesErlangA(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id        string
		perHour   float64
		aht       time.Duration
		patience  time.Duration
		agents    int
		threshold time.Duration
		want      measures
	}{
		{"ea_pyw_13_doc", 200, 180 * time.Second, 300 * time.Second, 13, 20 * time.Second,
			measures{pWait: 0.22579708404737528, sl: 0.8581777000307627, asa: 6.91396830606578,
				meanWaitAll: 7.488991090071562, pAbandon: 0.024963303633571875,
				occupancy: 0.7500282279741755}},
		{"ea_typ_30min_patience60", 600, 240 * time.Second, 60 * time.Second, 40, 20 * time.Second,
			measures{pWait: 0.3628201775279939, sl: 0.8421872532757535, asa: 4.407621823030202,
				meanWaitAll: 5.024342405337564, pAbandon: 0.08373904008895941,
				occupancy: 0.9162609599110406}},
		{"ea_overloaded", 200, 180 * time.Second, 60 * time.Second, 8, 20 * time.Second,
			measures{pWait: 0.6251790657395311, sl: 0.5275524594452965, asa: 14.074539065943096,
				meanWaitAll: 16.701171695006114, pAbandon: 0.2783528615834352,
				occupancy: 0.902058923020706}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			t.Parallel()
			cfg := steady(tt.perHour, tt.agents, tt.aht, tt.patience, 60)
			compareSteady(t, cfg, tt.agents, tt.threshold, tt.want)
		})
	}
}

// TestMatchesContactCenters reproduces the M/M/c example of ContactCenters,
// the contact-center simulation library of the Université de Montréal
// (doc/examples/MMC.java; its printed results are in
// ../shared/instances/contactcenters/MMC.res): 4.2 calls a minute for
// eight hours, 12 agents, exponential service of mean 2 minutes, no
// abandons, acceptable wait 20 s; each day starts empty and calls still
// waiting at the end are served. Its results over 1000 days, with the
// standard error of each mean from its printed confidence interval:
// contacts served within 20 s 1816.158 a day (sd 57.043 over days),
// service level 0.902 (0.900-0.904), speed of answer 0.099 min
// (0.097-0.102), occupancy over the eight hours 0.695 (0.694-0.697).
func TestMatchesContactCenters(t *testing.T) {
	t.Parallel()
	days := 1000
	if testing.Short() {
		days = 200
	}
	const open = 8 * time.Hour
	cfg := steady(0, 12, 2*time.Minute, 0, days)
	cfg.Queues[0].Offered = func(start time.Time, length time.Duration) float64 {
		if start.Hour() >= int(open.Hours()) {
			return 0
		}
		return 4.2 * length.Minutes()
	}
	epoch := time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC) // Config's default
	good, served := 0, 0
	var wait, busy time.Duration
	perDay := make([]float64, days)
	err := simulate.Run(cfg, func(c sladesk.Call) error {
		if c.Outcome != sladesk.Answered {
			return fmt.Errorf("%s: %s, want every call answered", c.ID, c.Outcome)
		}
		served++
		wait += c.Wait
		day := c.Arrived.Sub(epoch) / (24 * time.Hour)
		// ContactCenters counts a wait strictly below the acceptable wait.
		if c.Wait < 20*time.Second {
			good++
			perDay[day]++
		}
		dayStart := epoch.Add(day * 24 * time.Hour)
		busy += overlap(c.AnsweredAt, c.Ended, dayStart, dayStart.Add(open))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Our run's error is about theirs scaled to our number of days; a
	// figure printed to 3 decimals also carries its rounding (sd 0.0003).
	both := math.Sqrt(1 + 1000/float64(days))
	seOf := func(halfWidth float64) float64 { return math.Hypot(halfWidth/1.96*both, 0.0003) }
	meanGood, sdGood := meanSD(perDay)
	checks := []struct {
		name          string
		got, want, se float64
	}{
		{"contacts in target a day", meanGood, 1816.158,
			math.Hypot(57.043/math.Sqrt(1000), sdGood/math.Sqrt(float64(days)))},
		{"service level", float64(good) / float64(served), 0.902, seOf(0.002)},
		{"speed of answer, min", wait.Minutes() / float64(served), 0.099, seOf(0.0025)},
		{"occupancy", busy.Hours() / (12 * open.Hours() * float64(days)), 0.695, seOf(0.0015)},
	}
	for _, c := range checks {
		if diff := math.Abs(c.got - c.want); diff > 4*c.se {
			t.Errorf("%s: simulated %.4f, ContactCenters %.4f: off by %.1f standard errors",
				c.name, c.got, c.want, diff/c.se)
		} else {
			t.Logf("%s: simulated %.4f, ContactCenters %.4f (%.1f standard errors)",
				c.name, c.got, c.want, diff/c.se)
		}
	}
}

// overlap returns how much of [a, b) falls within [from, to).
func overlap(a, b, from, to time.Time) time.Duration {
	if a.Before(from) {
		a = from
	}
	if b.After(to) {
		b = to
	}
	return max(b.Sub(a), 0)
}

func meanSD(xs []float64) (mean, sd float64) {
	rows := make([][]float64, len(xs))
	for i, x := range xs {
		mean += x
		rows[i] = []float64{x}
	}
	return mean / float64(len(xs)), stddev(rows, 0)
}
