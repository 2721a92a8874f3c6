/**
 * Connects the product to its database: the MongoDB server named by MONGODB_URI, or else the local FerretDB
 * (SQLite files in LOCAL_DB_DIR), started here or, if another of our processes already serves it on
 * LOCAL_DB_PORT, shared with it.
 */
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import type { Config } from './config';
import { startLocalDatabase, type LocalDatabase } from './localDatabase';
import type { Logger } from './logger';

export interface Database {
  connection: Connection;
  /** Closes the connection, and stops the local database if this process started it. */
  close(): Promise<void>;
}

const LOCAL_DATABASE_NAME = 'chatpay';

async function answers(uri: string): Promise<boolean> {
  const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 300, connectTimeoutMS: 300 });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

export async function connectDatabase(config: Config, logger: Logger): Promise<Database> {
  let local: LocalDatabase | null = null;
  let uri = config.MONGODB_URI;
  if (!uri) {
    const localUri = `mongodb://127.0.0.1:${config.LOCAL_DB_PORT}`;
    if (await answers(localUri)) {
      logger.info({ port: config.LOCAL_DB_PORT }, 'using the local database another process started');
    } else {
      const directory = path.resolve(config.LOCAL_DB_DIR);
      logger.info({ directory, port: config.LOCAL_DB_PORT }, 'starting the local database (FerretDB on SQLite)');
      local = await startLocalDatabase({ kind: 'sqlite', directory }, { port: config.LOCAL_DB_PORT });
    }
    uri = `${localUri}/${LOCAL_DATABASE_NAME}`;
  }
  const connection = await mongoose.createConnection(uri, { autoIndex: false }).asPromise();
  return {
    connection,
    async close() {
      await connection.close();
      await local?.stop();
    },
  };
}
