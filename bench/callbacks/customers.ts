/** The customers who scan (`wmbench00001` …), in the simulator's directory so their scans are accepted. */
export const customerId = (n: number) => `wmbench${String(n).padStart(5, '0')}`;
