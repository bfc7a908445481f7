import { afterEach } from 'vitest';

// What one test's page left in the tab (pending chat ids, reload marks) must not reach the next.
afterEach(() => sessionStorage.clear());
