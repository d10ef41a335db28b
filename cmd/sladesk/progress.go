package main

import (
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/sladesk/sladesk/ingest"
)

// progress draws a bar of the bytes read on stderr while files are read.
type progress struct {
	done chan struct{}
	wg   sync.WaitGroup
	bar  *progressbar.ProgressBar
}

// minProgressBytes is the input size below which no bar is drawn: small
// inputs finish before a bar would be seen.
const minProgressBytes = 8 << 20

// startProgress starts a bar when stderr is a terminal, progress is wanted
// and the input is large; otherwise it returns a progress that does nothing.
func startProgress(env *Env, files []*ingest.File, want bool) *progress {
	p := &progress{}
	var total int64
	for _, f := range files {
		total += f.Size
	}
	if !want || !env.StderrIsTTY || total < minProgressBytes {
		return p
	}
	p.bar = progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(env.Stderr),
		progressbar.OptionSetDescription("reading call records"),
		progressbar.OptionShowBytes(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	p.done = make(chan struct{})
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-p.done:
				return
			case <-tick.C:
				var n int64
				for _, f := range files {
					n += f.BytesRead()
				}
				_ = p.bar.Set64(n)
			}
		}
	}()
	return p
}

// stop ends the bar and clears it.
func (p *progress) stop() {
	if p.bar == nil {
		return
	}
	close(p.done)
	p.wg.Wait()
	_ = p.bar.Finish()
}
