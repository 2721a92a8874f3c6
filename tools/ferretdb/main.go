// Command ferretdb-launcher runs an embedded FerretDB v1 (a MongoDB wire-compatible server on SQLite or
// PostgreSQL) for development and CI, where no MongoDB server can be installed.
//
// It exists because `go install` of FerretDB's own command panics at start (its version file is generated at
// build time: github.com/FerretDB/FerretDB/issues/2982); the embeddable package has no such step.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	handler := flag.String("handler", "sqlite", "backend: sqlite or postgresql")
	sqliteURL := flag.String("sqlite-url", "file:data/", "SQLite directory URI (sqlite handler)")
	postgresURL := flag.String("postgresql-url", "", "PostgreSQL connection string (postgresql handler)")
	logLevel := flag.String("log-level", "warn", "debug, info, warn, error or off")
	flag.Parse()

	// "off" exists because FerretDB logs every unique-index violation as an error, and our ledger decides its
	// races with exactly those violations: they are expected outcomes, not faults.
	level := slog.Level(100)
	if *logLevel == "off" {
		// nothing is logged
	} else if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb-launcher: bad -log-level %q\n", *logLevel)
		os.Exit(2)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *listen},
		Logger:        logger,
		Handler:       *handler,
		SQLiteURL:     *sqliteURL,
		PostgreSQLURL: *postgresURL,
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb-launcher: %v\n", err)
		os.Exit(1)
	}

	// Stop cleanly on SIGTERM/SIGINT so SQLite files are closed and the parent sees a normal exit.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	if err := f.Run(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb-launcher: %v\n", err)
		os.Exit(1)
	}
}
