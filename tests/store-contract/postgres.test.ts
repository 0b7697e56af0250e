import { PostgresStore } from '../../src/store/postgres.ts';
import { dropSchema, reachableTestDatabase, uniqueSchema } from '../store-pg/test-database.ts';
import { describeStoreContract } from './contract.ts';

const url = await reachableTestDatabase();
let schema: string | null = null;
const open = (name: string) => PostgresStore.open({ connectionString: url ?? '', schema: name });

describeStoreContract(
  'PostgreSQL',
  {
    create: async () => {
      schema = uniqueSchema();
      return open(schema);
    },
    another: async () => {
      if (schema === null) throw new Error('another() before create()');
      return open(schema);
    },
    cleanup: async () => {
      if (schema !== null) await dropSchema(url ?? '', schema);
      schema = null;
    },
  },
  url === null,
);
