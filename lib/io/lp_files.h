/*
 * lp_files -- the files this program reads and writes, process-wide.
 *
 * Two jobs that need one list: an output is refused (64) when it is the
 * same file (device and inode, or for a file not made yet the same
 * directory and name) as an input or as another output, so that
 * `lead-score --explain in.csv in.csv` or `-o X --rejects X` cannot
 * destroy data; and the temp files of outputs not yet committed are
 * removed when SIGINT, SIGTERM or SIGHUP ends the run, then the signal
 * is raised again so the exit status says what happened.
 *
 * The list is the library's one piece of mutable process state besides
 * the program name: a signal handler can reach nothing else.  Outputs
 * use it through lp_out (lp_out.c); inputs the stream does not open
 * (playbooks, file() lists) are noted with lp_files_input.
 */
#ifndef LP_FILES_H
#define LP_FILES_H

/*
 * Note that path is read by this program, so no output may replace it.
 * Only regular files are noted (not stdin, devices or pipes); noting a
 * file twice is harmless.  The note lasts for the process.
 */
void	lp_files_input(const char *path);

#endif
