/**
 * Imported first by main.ts, before anything reads or writes a file: the size of libuv's thread pool,
 * which every file operation of the process (its worker threads' too) waits in. The default 4 is
 * too few for the copy workers: each copy keeps four reads ahead, a write and a flush in flight, and
 * an fsync holds its thread until the disk answers, so with several copies at once (the dock
 * service's recorders) a few fsyncs would stall every other read and leave the cores idle. Threads
 * waiting on the disk cost no CPU; an operator's own UV_THREADPOOL_SIZE stands.
 */
process.env.UV_THREADPOOL_SIZE ??= '16';
