"""The Cite this page box: Copy works by mouse and keyboard, and says what it did."""

from __future__ import annotations

from playwright.sync_api import expect


def test_copy_buttons_copy_or_select_and_announce(page, base_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(base_url + "chapters/04-blacklists-and-joint-punishment.html")
    box = page.locator('[data-widget="cite-this-page"][data-enhanced]')  # its script has run
    status = box.locator('[role="status"]')
    box.get_by_role("button", name="Copy the Chicago citation").click()
    expect(status).to_have_text("Chicago citation copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Social Credit, Explained. ") and "Blacklists and joint punishment" in copied

    box.get_by_role("button", name="Copy the BibTeX citation").focus()
    page.keyboard.press("Enter")
    expect(status).to_have_text("BibTeX citation copied.")
    assert page.evaluate("navigator.clipboard.readText()").startswith("@online{sce-chapters-04-")


def test_without_clipboard_access_the_text_is_selected(page, base_url):
    # Where the browser refuses clipboard access, the text is selected for the reader instead.
    page.add_init_script("navigator.clipboard.writeText = () => Promise.reject(new Error('denied'))")
    page.goto(base_url + "about.html")
    page.wait_for_selector('[data-widget="cite-this-page"][data-enhanced]')
    page.get_by_role("button", name="Copy the APA citation").click()
    expect(page.locator(".sce-cite__status")).to_contain_text("press Ctrl+C")
    assert page.evaluate("window.getSelection().toString()").startswith("Social Credit, Explained. (")


def test_a_single_page_prints_cleanly_with_link_addresses(page, base_url):
    page.goto(base_url + "reference/primary-documents.html")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible() and not page.locator(".md-sidebar--primary").is_visible()
    after = page.evaluate("""() => {
        const links = [...document.querySelectorAll('.md-typeset :is(p, li) a[href^="http"]')];
        const prose = links.find(a => !a.closest('.sce-references'));
        const reference = links.find(a => a.closest('.sce-references'));
        return [prose ? getComputedStyle(prose, '::after').content : 'no external link in prose',
                reference ? getComputedStyle(reference, '::after').content : 'no reference link'];
    }""")
    assert after[0].startswith('" (http'), after    # a web link in the text says where it goes
    assert after[1] == "none", after               # a reference prints its address already
