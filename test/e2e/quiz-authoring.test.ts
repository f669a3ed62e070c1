import { describe, expect, it } from 'vitest';
import { signedInWith } from '../actors.js';
import { nationalForm, testPassword } from '../factories.js';
import { useWebApp } from './browser.js';

describe('an author writing a question bank on a laptop', () => {
  const web = useWebApp();

  it('adds questions as plain lines, is told what is wrong with a bad one, and builds a quiz from them', async () => {
    const author = await signedInWith(web.t, { role: 'author', unit: '91', fullName: 'Lê Thị Soạn' });
    const { id } = (await author.post('/api/units/91/courses', { title: 'Phòng lừa đảo qua điện thoại', summary: 'Nhận ra và tránh.' })).json();
    const context = await web.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', serviceWorkers: 'block' });
    context.setDefaultTimeout(8_000);
    const page = await context.newPage();
    await page.goto(`${web.url}/signin`);
    await page.getByLabel('Số điện thoại').fill(nationalForm(author.phone!));
    await page.getByLabel(/^Mật khẩu/).fill(testPassword);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Xin chào/);

    await page.goto(`${web.url}/author/courses/${id}`);
    await page.getByRole('link', { name: 'Câu hỏi và bài kiểm tra' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Câu hỏi và bài kiểm tra');

    await page.getByRole('button', { name: 'Thêm câu hỏi' }).click();
    await page.getByLabel(/^Mã câu hỏi/).fill('otp-1');
    await page.getByLabel('Câu hỏi', { exact: true }).fill('Ai được hỏi mã OTP của bạn?');
    await page.getByLabel('Các lựa chọn').fill('Nhân viên ngân hàng\nCông an\nKhông ai cả');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.getByText('Đáp án đúng không khớp với các lựa chọn của câu hỏi.').isVisible()).toBe(true);
    await page.getByLabel('Các lựa chọn').fill('Nhân viên ngân hàng\nCông an\n* Không ai cả');
    await page.getByLabel('Giải thích (hiện sau khi nộp bài)').fill('Không ai được hỏi mã OTP của bạn.');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.getByText('Ngân hàng câu hỏi (1 câu)').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Thêm câu hỏi' }).click();
    await page.getByLabel(/^Mã câu hỏi/).fill('buoc-1');
    await page.getByLabel('Loại câu hỏi').selectOption({ label: 'Sắp xếp thứ tự' });
    await page.getByLabel('Câu hỏi', { exact: true }).fill('Sắp xếp các bước khi nhận cuộc gọi lạ.');
    await page.getByLabel('Các lựa chọn').fill('Bình tĩnh\nCúp máy\nGọi lại số chính thức');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.getByText('Ngân hàng câu hỏi (2 câu)').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Thêm bài kiểm tra' }).click();
    await page.getByLabel(/^Tên bài kiểm tra/).fill('Cuối khóa');
    await page.getByLabel('Loại bài kiểm tra').selectOption({ label: 'Bài kiểm tra cuối khóa' });
    await page.getByLabel('Các câu hỏi (theo thứ tự)').fill('otp-1, buoc-1');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.getByText(/Cuối khóa · Bài kiểm tra cuối khóa · 2 câu cố định/).isVisible()).toBe(true);
    await page.getByLabel('Điều kiện hoàn thành khóa học').selectOption({ label: 'Học xong các bài bắt buộc và đạt bài kiểm tra cuối khóa' });

    const bank = (await author.get(`/api/authoring/courses/${id}/quiz-bank`)).json();
    expect(bank.questions.map((q: { document: { id: string } }) => q.document)).toEqual([
      { id: 'otp-1', type: 'single', prompt: 'Ai được hỏi mã OTP của bạn?', options: ['Nhân viên ngân hàng', 'Công an', 'Không ai cả'], answer: 2, explanation: 'Không ai được hỏi mã OTP của bạn.' },
      { id: 'buoc-1', type: 'ordering', prompt: 'Sắp xếp các bước khi nhận cuộc gọi lạ.', items: ['Bình tĩnh', 'Cúp máy', 'Gọi lại số chính thức'] },
    ]);
    expect(bank.quizzes[0].document).toMatchObject({ title: 'Cuối khóa', kind: 'final', questions: ['otp-1', 'buoc-1'] });
    await expect.poll(async () => (await author.get(`/api/authoring/courses/${id}`)).json().completionRule).toBe('lessons_and_final');
    await context.close();
  });
});
