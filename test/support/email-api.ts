/** The Email API as a client with an API key calls it (POST /emails, GET /emails/:id). */
export class EmailApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  /** POST /emails; `headers`: e.g. Idempotency-Key. */
  send(body: object, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.baseUrl}/emails`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.apiKey}`, ...headers },
      body: JSON.stringify(body),
    });
  }

  /** GET /emails/:id's `status`. */
  async status(id: string): Promise<string> {
    const res = await fetch(`${this.baseUrl}/emails/${id}`, {
      headers: { authorization: `Bearer ${this.apiKey}` },
    });
    return ((await res.json()) as { status: string }).status;
  }
}
