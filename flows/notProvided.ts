/** The placeholder of a service a flow calls; wiring replaces it with the real one (`machine.provide`). */
export function notProvided(name: string): () => Promise<never> {
  return () => Promise.reject(new Error(`the ${name} service is provided at wiring`));
}
