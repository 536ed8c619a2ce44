/** The {@code reid} command line: one picocli command class per subcommand, wired in {@link org.comicreid.worker.cli.ReidMain}. */
package org.comicreid.worker.cli;
