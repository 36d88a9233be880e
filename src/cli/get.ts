export const getCommand = (..._a: unknown[]) => ({ code: 2, stderr: 'get: not yet\n' });
