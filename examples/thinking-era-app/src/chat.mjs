// Persists a chat with the default model names (LlmChat, LlmMessage, …).
import { PrismaClient } from '@prisma/client';
import { createChat } from '@node-llm/orm';

const prisma = new PrismaClient();
const chat = await createChat(prisma, { model: 'claude-sonnet-4', provider: 'anthropic', userId: process.env.USER_ID });
const reply = await chat.ask('Summarise our refund policy in two sentences.');
console.log(reply.content);
