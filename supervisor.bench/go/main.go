// Command gobench measures the Go original (go.einride.tech/supervisor) the way
// supervisor.bench.Measures measures our engine: the same six measures, the same options, and
// one result line each, "BENCH {...}", with the same keys.
//
//	gobench MEASURE [key=value ...]
//
//	startup   n=10000 timeout=120   Run until a listener saw every service RUNNING
//	lateness  r=10 background=alone|busy seconds=5 healthy=10000 crashers=100
//	churn     n=10000 listener=false failing=1000 r=1 seconds=5 settle=1 bare=false
//	idle      n=10000 r=100 seconds=10 settle=1
//	memory    n=10000 settle=1 bare=false   bare=true: goroutines blocked, no supervisor
//	shutdown  n=10000 listener=true
//	floor     r=10 hop=none|timer seconds=10   the machine's own lateness, without a supervisor
//
// A service that "blocks" waits for its context to be done; one that "crashes" returns an
// error at once. A run of a crashing service is three status changes: IDLE (set by the
// supervisor when it starts the run), RUNNING and ERROR. The original restarts every ended
// service on a ticker of period RestartInterval, so a restart is due at the first tick after the
// run ended: the harness wraps the system clock's ticker to record when each tick fired.
//
// It is built by build.sh, against the original's source given by path; nothing of the
// original is kept in this repository.
package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"go.einride.tech/clock"
	"go.einride.tech/clock/systemclock"
	"go.einride.tech/supervisor"
)

var errCrash = errors.New("crash")

func main() {
	measures := map[string]func(*options, *line){
		"startup": startup, "lateness": lateness, "churn": churn,
		"idle": idle, "memory": memory, "shutdown": shutdown, "floor": floor,
	}
	if len(os.Args) < 2 || measures[os.Args[1]] == nil {
		fmt.Fprintf(os.Stderr, "usage: gobench churn|floor|idle|lateness|memory|shutdown|startup [key=value ...]; was %q\n", os.Args[1:])
		os.Exit(2)
	}
	o := &options{values: map[string]string{}, used: map[string]bool{}}
	for _, arg := range os.Args[2:] {
		eq := strings.IndexByte(arg, '=')
		if eq <= 0 {
			fmt.Fprintf(os.Stderr, "argument '%s' must be key=value\n", arg)
			os.Exit(2)
		}
		o.values[arg[:eq]] = arg[eq+1:]
	}
	l := &line{}
	l.put("side", "go").put("runtime", "go").put("version", runtime.Version()).
		put("kind", "GOROUTINE").put("measure", os.Args[1])
	measures[os.Args[1]](o, l)
	fmt.Println("BENCH " + l.json())
}

// (1) start-up until a listener saw every service RUNNING
func startup(o *options, l *line) {
	n := o.integer("n", 10000)
	timeout := o.integer("timeout", 120)
	l.put("n", n).put("listener", true)
	o.rejectUnused()
	alloc0 := memStats().TotalAlloc
	var next, calls, callsAtDone int64
	var doneAt time.Time
	done := make(chan struct{})
	// called serially on the supervisor's goroutine; walks the snapshot past every service
	// already RUNNING, so each call costs O(1) amortised, like our harness's listener
	listener := func(s []supervisor.StatusUpdate) {
		calls++
		i := atomic.LoadInt64(&next)
		if i == int64(n) {
			return
		}
		for i < int64(n) && i < int64(len(s)) && s[i].Status == supervisor.StatusRunning {
			i++
		}
		atomic.StoreInt64(&next, i)
		if i == int64(n) {
			doneAt = time.Now()
			callsAtDone = calls
			close(done)
		}
	}
	services := make([]supervisor.Service, n)
	for i := range services {
		services[i] = supervisor.NewService(fmt.Sprintf("s-%d", i), block)
	}
	sup := supervisor.New(&supervisor.Config{
		Services:              services,
		StatusUpdateListeners: []func([]supervisor.StatusUpdate){listener},
		RestartInterval:       time.Second,
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	t0 := time.Now()
	go func() { _ = sup.Run(ctx) }()
	select {
	case <-done:
		alloc1 := memStats().TotalAlloc
		l.put("status", "ok").put("ms", ms(doneAt.Sub(t0))).put("listener_calls", callsAtDone).
			put("alloc_per_service_bytes", int64(alloc1-alloc0)/int64(n)).put("alloc_method", "MemStats.TotalAlloc")
	case <-time.After(time.Duration(timeout) * time.Second):
		l.put("status", "timeout").put("timeout_s", timeout).put("seen_running", atomic.LoadInt64(&next))
	}
}

// (2) restart lateness after the due time: the first tick after the end of the previous run
func lateness(o *options, l *line) {
	r := o.integer("r", 10)
	background := o.str("background", "alone")
	seconds := o.integer("seconds", 5)
	healthy := o.integer("healthy", 10000)
	crashers := o.integer("crashers", 100)
	if background != "alone" && background != "busy" {
		fmt.Fprintf(os.Stderr, "background must be alone or busy, was '%s'\n", background)
		os.Exit(2)
	}
	busy := background == "busy"
	l.put("r_ms", r).put("background", background)
	if busy {
		l.put("healthy", healthy).put("crashers", crashers)
	}
	o.rejectUnused()
	interval := time.Duration(r) * time.Millisecond
	clk := &tickRecorder{Clock: systemclock.New()}
	var mu sync.Mutex // guards late, delay, lastEnd and measuring
	var late, delay []time.Duration
	var lastEnd time.Time
	measuring := false
	var ready sync.WaitGroup
	var services []supervisor.Service
	if busy {
		ready.Add(healthy)
		for i := 0; i < healthy; i++ {
			services = append(services, supervisor.NewService(fmt.Sprintf("h-%d", i), blockAfter(&ready)))
		}
		for i := 0; i < crashers; i++ {
			services = append(services, supervisor.NewService(fmt.Sprintf("c-%d", i), crash))
		}
	}
	services = append(services, supervisor.NewService("probe", func(context.Context) error {
		now := time.Now()
		mu.Lock()
		defer mu.Unlock()
		if measuring && !lastEnd.IsZero() {
			if due, ok := clk.firstTickAfter(lastEnd); ok {
				late = append(late, now.Sub(due))
				delay = append(delay, now.Sub(lastEnd))
			}
		}
		lastEnd = time.Now()
		return errCrash
	}))
	sup := supervisor.New(&supervisor.Config{Services: services, RestartInterval: interval, Clock: clk})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = sup.Run(ctx) }()
	ready.Wait()
	time.Sleep(max(200*time.Millisecond, 3*interval))
	mu.Lock()
	measuring = true
	mu.Unlock()
	time.Sleep(time.Duration(seconds) * time.Second)
	mu.Lock()
	measuring = false
	lateCopy := append([]time.Duration(nil), late...)
	delayCopy := append([]time.Duration(nil), delay...)
	mu.Unlock()
	putLateness(l, lateCopy, delayCopy)
}

func putLateness(l *line, late, delay []time.Duration) {
	if len(late) == 0 {
		l.put("status", "error").put("error", "no restart of the probe was seen")
		return
	}
	sort.Slice(late, func(i, j int) bool { return late[i] < late[j] })
	sort.Slice(delay, func(i, j int) bool { return delay[i] < delay[j] })
	l.put("status", "ok").put("samples", len(late)).
		put("p50_ms", ms(late[percentile(len(late), 0.50)])).
		put("p99_ms", ms(late[percentile(len(late), 0.99)])).
		put("max_ms", ms(late[len(late)-1])).
		put("min_ms", ms(late[0])).
		put("delay_p50_ms", ms(delay[percentile(len(delay), 0.50)])).
		put("delay_p99_ms", ms(delay[percentile(len(delay), 0.99)]))
}

// the floor under (2): how late this machine wakes a goroutine that asked to sleep r, without a
// supervisor. hop=none: one goroutine sleeps r, again and again; hop=timer: a timer fires at the
// due time and starts a new goroutine, whose first statement reads the clock
func floor(o *options, l *line) {
	r := o.integer("r", 10)
	hop := o.str("hop", "none")
	seconds := o.integer("seconds", 10)
	if hop != "none" && hop != "timer" {
		fmt.Fprintf(os.Stderr, "hop must be none or timer, was '%s'\n", hop)
		os.Exit(2)
	}
	l.put("r_ms", r).put("hop", hop)
	o.rejectUnused()
	period := time.Duration(r) * time.Millisecond
	count := max(1, seconds*1000/r)
	late := make([]time.Duration, count)
	for i := 0; i < count; i++ {
		due := time.Now().Add(period)
		if hop == "none" {
			time.Sleep(period)
			late[i] = time.Since(due)
			continue
		}
		ran := make(chan time.Time, 1)
		time.AfterFunc(period, func() { go func() { ran <- time.Now() }() })
		late[i] = (<-ran).Sub(due)
	}
	delay := make([]time.Duration, count)
	for i, d := range late {
		delay[i] = d + period
	}
	putLateness(l, late, delay)
}

// the index of the q quantile in a sorted slice of length n: nearest rank
func percentile(n int, q float64) int {
	i := int(math.Ceil(q*float64(n))) - 1
	return min(n-1, max(0, i))
}

// (3) crash churn: `failing` services crash at once and are restarted every r, among n
func churn(o *options, l *line) {
	n := o.integer("n", 10000)
	listen := o.boolean("listener", false)
	failing := min(n, o.integer("failing", 1000))
	r := o.integer("r", 1)
	seconds := o.integer("seconds", 5)
	settle := o.integerAtLeast("settle", 1, 0)
	bare := o.boolean("bare", false)
	l.put("n", n).put("listener", listen).put("failing", failing).put("r_ms", r)
	if bare {
		l.put("bare", true)
	}
	o.rejectUnused()
	var runs, calls atomic.Int64
	var ready sync.WaitGroup
	ready.Add(n - failing)
	if bare { // no supervisor: timers starting goroutines that end at once, beside blocked ones
		over := make(chan struct{})
		defer close(over)
		for i := 0; i < n-failing; i++ {
			go func() { ready.Done(); <-over }()
		}
		period := time.Duration(r) * time.Millisecond
		var loop func()
		loop = func() {
			go func() {
				runs.Add(1)
				select {
				case <-over:
				default:
					time.AfterFunc(period, loop)
				}
			}()
		}
		for i := 0; i < failing; i++ {
			time.AfterFunc(period, loop)
		}
		ready.Wait()
		time.Sleep(time.Duration(settle) * time.Second)
		runs0, cpu0, t0 := runs.Load(), cpuTime(), time.Now()
		time.Sleep(time.Duration(seconds) * time.Second)
		runs1, cpu1, t1 := runs.Load(), cpuTime(), time.Now()
		putChurn(l, runs1-runs0, cpu1-cpu0, t1.Sub(t0).Seconds())
		return
	}
	services := make([]supervisor.Service, 0, n)
	for i := 0; i < n-failing; i++ {
		services = append(services, supervisor.NewService(fmt.Sprintf("h-%d", i), blockAfter(&ready)))
	}
	for i := 0; i < failing; i++ {
		services = append(services, supervisor.NewService(fmt.Sprintf("c-%d", i), func(context.Context) error {
			runs.Add(1)
			return errCrash
		}))
	}
	cfg := &supervisor.Config{Services: services, RestartInterval: time.Duration(r) * time.Millisecond}
	if listen {
		cfg.StatusUpdateListeners = []func([]supervisor.StatusUpdate){func([]supervisor.StatusUpdate) { calls.Add(1) }}
	}
	sup := supervisor.New(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = sup.Run(ctx) }()
	ready.Wait()
	time.Sleep(time.Duration(settle) * time.Second)
	runs0, calls0, cpu0, t0 := runs.Load(), calls.Load(), cpuTime(), time.Now()
	time.Sleep(time.Duration(seconds) * time.Second)
	runs1, calls1, cpu1, t1 := runs.Load(), calls.Load(), cpuTime(), time.Now()
	elapsed := t1.Sub(t0).Seconds()
	putChurn(l, runs1-runs0, cpu1-cpu0, elapsed)
	if listen {
		l.put("listener_calls_per_s", float64(calls1-calls0)/elapsed)
	}
}

// three status changes per run, as on our side; with bare=true, three per timer and goroutine
func putChurn(l *line, runs int64, cpu time.Duration, elapsed float64) {
	changes := 3 * runs
	status := "ok"
	perChange := 0.0
	if changes == 0 {
		status = "error"
	} else {
		perChange = float64(cpu.Nanoseconds()) / 1e3 / float64(changes)
	}
	l.put("status", status).put("seconds", elapsed).put("changes_per_s", float64(changes)/elapsed).
		put("cpu_per_change_us", perChange).put("cpu_ms", ms(cpu))
}

// (4) idle CPU while every service is healthy
func idle(o *options, l *line) {
	n := o.integer("n", 10000)
	r := o.integer("r", 100)
	seconds := o.integer("seconds", 10)
	settle := o.integerAtLeast("settle", 1, 0)
	l.put("n", n).put("r_ms", r).put("seconds", seconds)
	o.rejectUnused()
	var ready sync.WaitGroup
	ready.Add(n)
	services := make([]supervisor.Service, n)
	for i := range services {
		services[i] = supervisor.NewService(fmt.Sprintf("h-%d", i), blockAfter(&ready))
	}
	sup := supervisor.New(&supervisor.Config{Services: services, RestartInterval: time.Duration(r) * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = sup.Run(ctx) }()
	ready.Wait()
	time.Sleep(time.Duration(settle) * time.Second)
	cpu0 := cpuTime()
	time.Sleep(time.Duration(seconds) * time.Second)
	cpu1 := cpuTime()
	l.put("status", "ok").put("cpu_ms", ms(cpu1-cpu0))
}

// (5) memory per idle service
func memory(o *options, l *line) {
	n := o.integer("n", 10000)
	settle := o.integerAtLeast("settle", 1, 0)
	bare := o.boolean("bare", false)
	l.put("n", n)
	if bare {
		l.put("bare", true)
	}
	o.rejectUnused()
	heap0, stack0, rss0 := settledMemory()
	var ready sync.WaitGroup
	ready.Add(n)
	if bare { // n goroutines blocked on a channel, no supervisor: the runtime's own floor
		over := make(chan struct{})
		for i := 0; i < n; i++ {
			go func() { ready.Done(); <-over }()
		}
		ready.Wait()
		time.Sleep(time.Duration(settle) * time.Second)
		heap1, stack1, rss1 := settledMemory()
		close(over)
		putMemory(l, n, heap0, stack0, rss0, heap1, stack1, rss1)
		return
	}
	services := make([]supervisor.Service, n)
	for i := range services {
		services[i] = supervisor.NewService(fmt.Sprintf("h-%d", i), blockAfter(&ready))
	}
	sup := supervisor.New(&supervisor.Config{Services: services, RestartInterval: time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = sup.Run(ctx) }()
	ready.Wait()
	time.Sleep(time.Duration(settle) * time.Second)
	heap1, stack1, rss1 := settledMemory()
	runtime.KeepAlive(sup)
	putMemory(l, n, heap0, stack0, rss0, heap1, stack1, rss1)
}

func putMemory(l *line, n int, heap0, stack0, rss0, heap1, stack1, rss1 int64) {
	nn := int64(n)
	l.put("status", "ok").
		put("heap_per_service_bytes", (heap1-heap0)/nn).
		put("stack_per_service_bytes", (stack1-stack0)/nn).
		put("heap_stack_per_service_bytes", (heap1+stack1-heap0-stack0)/nn).
		put("rss_per_service_bytes", (rss1-rss0)/nn)
}

// (6) shutdown of n running services: cancel until Run returned
func shutdown(o *options, l *line) {
	n := o.integer("n", 10000)
	listen := o.boolean("listener", true)
	l.put("n", n).put("listener", listen)
	o.rejectUnused()
	var ready sync.WaitGroup
	ready.Add(n)
	var calls atomic.Int64
	services := make([]supervisor.Service, n)
	for i := range services {
		services[i] = supervisor.NewService(fmt.Sprintf("h-%d", i), blockAfter(&ready))
	}
	cfg := &supervisor.Config{Services: services, RestartInterval: time.Second}
	if listen {
		cfg.StatusUpdateListeners = []func([]supervisor.StatusUpdate){func([]supervisor.StatusUpdate) { calls.Add(1) }}
	}
	sup := supervisor.New(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	ended := make(chan struct{})
	go func() { _ = sup.Run(ctx); close(ended) }()
	ready.Wait()
	time.Sleep(500 * time.Millisecond)
	t0 := time.Now()
	cancel()
	<-ended
	l.put("status", "ok").put("ms", ms(time.Since(t0))).put("stopped", n)
}

func block(ctx context.Context) error {
	<-ctx.Done()
	return nil
}

func blockAfter(ready *sync.WaitGroup) func(context.Context) error {
	var once sync.Once // a restarted service counts once
	return func(ctx context.Context) error {
		once.Do(ready.Done)
		<-ctx.Done()
		return nil
	}
}

func crash(context.Context) error { return errCrash }

// tickRecorder is the system clock, whose tickers also record when each tick fired.
type tickRecorder struct {
	clock.Clock
	mu    sync.Mutex // guards ticks
	ticks []time.Time
}

func (c *tickRecorder) NewTicker(d time.Duration) clock.Ticker {
	t := &recordingTicker{ticker: time.NewTicker(d), c: make(chan time.Time, 1), stop: make(chan struct{})}
	go func() {
		for {
			select {
			case tick := <-t.ticker.C:
				c.mu.Lock()
				c.ticks = append(c.ticks, tick)
				c.mu.Unlock()
				select { // like time.Ticker: a tick nobody took in time is dropped
				case t.c <- tick:
				default:
				}
			case <-t.stop:
				return
			}
		}
	}()
	return t
}

// firstTickAfter is the first recorded tick after t, if one was recorded.
func (c *tickRecorder) firstTickAfter(t time.Time) (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	i := sort.Search(len(c.ticks), func(i int) bool { return c.ticks[i].After(t) })
	if i == len(c.ticks) {
		return time.Time{}, false
	}
	return c.ticks[i], true
}

type recordingTicker struct {
	ticker   *time.Ticker
	c        chan time.Time
	stop     chan struct{}
	stopOnce sync.Once
}

func (t *recordingTicker) C() <-chan time.Time { return t.c }
func (t *recordingTicker) Stop() {
	t.ticker.Stop()
	t.stopOnce.Do(func() { close(t.stop) })
}
func (t *recordingTicker) Reset(d time.Duration) { t.ticker.Reset(d) }

func memStats() runtime.MemStats {
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	return s
}

// heap in use (HeapAlloc), goroutine stacks (StackInuse) and resident set, after a GC that
// returned what it could to the OS
func settledMemory() (heap, stack, rss int64) {
	runtime.GC()
	debug.FreeOSMemory()
	s := memStats()
	return int64(s.HeapAlloc), int64(s.StackInuse), residentBytes()
}

func residentBytes() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, text := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(text, "VmRSS:") {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(text, "VmRSS:"), "kB")), 10, 64)
			if err == nil {
				return kb * 1024
			}
		}
	}
	return -1
}

// CPU time (user + system) of the whole process
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		panic(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

type options struct {
	values map[string]string
	used   map[string]bool
}

func (o *options) str(key, otherwise string) string {
	o.used[key] = true
	if v, ok := o.values[key]; ok {
		return v
	}
	return otherwise
}

func (o *options) integer(key string, otherwise int) int {
	return o.integerAtLeast(key, otherwise, 1)
}

func (o *options) integerAtLeast(key string, otherwise, least int) int {
	v := o.str(key, "")
	if v == "" {
		return otherwise
	}
	i, err := strconv.Atoi(strings.ReplaceAll(v, "_", ""))
	if err != nil || i < least {
		fmt.Fprintf(os.Stderr, "%s must be a whole number of at least %d, was '%s'\n", key, least, v)
		os.Exit(2)
	}
	return i
}

func (o *options) boolean(key string, otherwise bool) bool {
	v := o.str(key, "")
	switch v {
	case "":
		return otherwise
	case "true":
		return true
	case "false":
		return false
	}
	fmt.Fprintf(os.Stderr, "%s must be true or false, was '%s'\n", key, v)
	os.Exit(2)
	return false
}

func (o *options) rejectUnused() {
	for key := range o.values {
		if !o.used[key] {
			fmt.Fprintf(os.Stderr, "unknown option '%s'\n", key)
			os.Exit(2)
		}
	}
}

// line is one result: a flat JSON object whose keys keep their order.
type line struct {
	keys   []string
	values []string
}

func (l *line) put(key string, value any) *line {
	var text string
	switch v := value.(type) {
	case string:
		text = strconv.Quote(v)
	case float64:
		text = strconv.FormatFloat(v, 'f', 4, 64)
	case bool:
		text = strconv.FormatBool(v)
	default:
		text = fmt.Sprint(v)
	}
	l.keys = append(l.keys, key)
	l.values = append(l.values, text)
	return l
}

func (l *line) json() string {
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range l.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(k))
		b.WriteByte(':')
		b.WriteString(l.values[i])
	}
	b.WriteByte('}')
	return b.String()
}
