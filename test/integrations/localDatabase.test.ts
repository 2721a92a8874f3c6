import { useTestDatabase } from '../support/database';

describe('the local database', () => {
  const db = useTestDatabase();

  it('answers over a real connection and enforces unique indexes', async () => {
    const collection = db.connection.collection('probe');
    await collection.createIndex({ key: 1 }, { unique: true });
    await collection.insertOne({ key: 'a' });
    await expect(collection.insertOne({ key: 'a' })).rejects.toMatchObject({ code: 11000 });
    expect(await collection.countDocuments()).toBe(1);
  });
});
