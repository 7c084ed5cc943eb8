// The runtime's tableNames: Prisma client delegate names (lower-case first letter), not model names.
export const tableNames = {
  chat: 'assistantChat',
  message: 'assistantMessage',
  toolCall: 'assistantToolCall',
  request: 'assistantRequest',
  agentSession: 'assistantAgentSession',
};
