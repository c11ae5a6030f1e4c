// Each test starts the app on Kestrel and drives a real Chromium; on a 2-core machine running those side by
// side only makes every page slower and the timeouts closer, so the browser tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
